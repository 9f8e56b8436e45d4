"""医保 policy Q&A bot: cited answers about personal accounts, family sharing, withdrawal,
transfer and balance queries, built from the articles under corpus/."""

__version__ = "0.1.0"
