"""Finding the place a person names, the way a person would read it."""

from bot.text.geo import Place, find_places, gazetteer


def test_prefecture_city_by_its_everyday_name():
    assert find_places("济南医保卡里的钱可以给家人用吗") == [Place("山东", "济南")]
    assert find_places("昌吉医保个人账户钱可以给家里人用吗")[0] == Place("新疆", "昌吉")
    assert find_places("呼伦贝尔医保转移后，个人账户余额会跟着转移吗")[0] == Place("内蒙古", "呼伦贝尔")


def test_district_maps_to_its_city():
    assert find_places("我在历下区上班") == [Place("山东", "济南")]
    assert find_places("北京朝阳区的医保") == [Place("北京", "北京")]


def test_jilin_city_versus_province():
    assert find_places("吉林医保卡个人账号里的钱能取吗") == [Place("吉林", None)]
    assert find_places("吉林市的医保卡") == [Place("吉林", "吉林")]


def test_leaving_and_going_are_told_apart():
    assert find_places("从济南调到深圳，医保怎么转") == [Place("山东", "济南", "from"), Place("广东", "深圳", "to")]


def test_city_after_its_province_says_more_than_the_province():
    assert find_places("江西宜春医保个人账户余额怎么跨省转移") == [Place("江西", "宜春")]


def test_every_province_and_many_cities_are_known():
    geo = gazetteer()
    assert len(geo.provinces) == 34
    assert len(geo.cities) > 330
    assert geo.province_of("乌鲁木齐") == "新疆"
    assert geo.province_of("黔东南") == "贵州"


def test_words_that_are_not_places_find_nothing():
    assert find_places("医保卡的钱能取出来吗") == []
    assert find_places("祝您安康") == []


def test_common_words_that_are_also_county_names_are_not_places():
    assert find_places("俺现在在村里交合作医疗") == []
    assert find_places("甘肃合作市")[0].city == "甘南"


def test_a_name_that_is_also_a_word_is_a_city_where_insurance_words_follow():
    assert [(p.province, p.city) for p in find_places("白银医保家庭共济怎么绑")] == [("甘肃", "白银")]
    assert [(p.province, p.city) for p in find_places("安康参保的职工")] == [("陕西", "安康")]
    assert find_places("白银价格又涨了") == []
