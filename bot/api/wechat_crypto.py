"""WeChat's request signatures and its message encryption (安全模式), free of any web framework.

The encryption follows WeChat's documentation: the AES key is the 43-character EncodingAESKey
plus "=", base64-decoded (32 bytes); the cipher is AES-256-CBC with the key's first 16 bytes as
IV; the plaintext is 16 random bytes, the message's length (4 bytes, big-endian), the UTF-8
message and the AppID, padded with PKCS#7 to a multiple of 32 bytes (not AES's 16); the
ciphertext travels base64-encoded.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAD_BITS = 256  # WeChat pads to 32-byte blocks
PREFIX_BYTES = 16
LENGTH = struct.Struct(">I")


class WeChatCryptoError(ValueError):
    """Not something WeChat encrypted with this key (or not a usable key)."""


class WrongAppIdError(WeChatCryptoError):
    """It decrypted, but it was meant for another Official Account."""


def signature_of(*parts: str) -> str:
    """WeChat's SHA-1 of the sorted parts joined: token, timestamp and nonce give the URL's
    ``signature``; adding the Encrypt text gives ``msg_signature``."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


class WeChatCrypto:
    def __init__(self, aes_key: str, app_id: str) -> None:
        try:
            key = base64.b64decode(aes_key + "=", validate=True)
        except ValueError:  # binascii.Error, or a key that is not ASCII
            key = b""
        if len(aes_key) != 43 or len(key) != 32:
            raise WeChatCryptoError("an EncodingAESKey is 43 base64 characters")
        self._key = key
        self.app_id = app_id.encode()

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))

    def encrypt(self, xml: str, prefix: bytes | None = None) -> str:
        """``prefix`` stands in for the 16 random bytes, for tests only."""
        prefix = os.urandom(PREFIX_BYTES) if prefix is None else prefix
        message = xml.encode()
        padder = padding.PKCS7(PAD_BITS).padder()
        plain = padder.update(prefix + LENGTH.pack(len(message)) + message + self.app_id) + padder.finalize()
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        """The message inside, after checking it names our AppID."""
        plain = self._unpad(self._decipher(encrypted))
        if len(plain) < PREFIX_BYTES + LENGTH.size:
            raise WeChatCryptoError("too short")
        (length,) = LENGTH.unpack_from(plain, PREFIX_BYTES)
        start = PREFIX_BYTES + LENGTH.size
        message, app_id = plain[start:start + length], plain[start + length:]
        if len(message) != length:
            raise WeChatCryptoError("the length field runs past the end")
        if app_id != self.app_id:
            raise WrongAppIdError("the message names another AppID")
        try:
            return message.decode()
        except UnicodeDecodeError:
            raise WeChatCryptoError("the message is not UTF-8") from None

    def _decipher(self, encrypted: str) -> bytes:
        try:
            data = base64.b64decode(encrypted, validate=True)
        except ValueError:
            raise WeChatCryptoError("not base64") from None
        if not data or len(data) % (PAD_BITS // 8):
            raise WeChatCryptoError("not a whole number of 32-byte blocks")
        decryptor = self._cipher().decryptor()
        return decryptor.update(data) + decryptor.finalize()

    @staticmethod
    def _unpad(padded: bytes) -> bytes:
        unpadder = padding.PKCS7(PAD_BITS).unpadder()
        try:
            return unpadder.update(padded) + unpadder.finalize()
        except ValueError:
            raise WeChatCryptoError("bad padding") from None
