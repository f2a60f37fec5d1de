"""English job words written in Hangul → the English word, whose standard Korean terms ``latin`` gives.

A posting says 헬퍼, 쿡, 인젝션, 페인팅 where the 한국직업사전 says 보조, 조리사, 사출, 도장. Rather than gloss
each Hangul spelling again, a spelling names its English morpheme and shares that word's gloss with
the Latin spelling ("injection 오퍼레이터" and "인젝션 오퍼레이터" read alike). Several spellings of one
word are listed when postings use them (셋팅/세팅). Written from general workplace vocabulary, like the
rest of the lexicon; none from the held-out names.
"""

from __future__ import annotations

# (Hangul spelling, English word of ``latin.LATIN``). Matched inside a word like ``hangul.LEXICON``'s keys.
TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    # helpers and assistants
    ("헬퍼", "helper"),
    ("핼퍼", "helper"),
    ("서포터", "supporter"),
    ("어시스트", "assistant"),
    # kitchen and food service
    ("쿡", "cook"),
    ("쿠커", "cook"),
    ("키친", "kitchen"),
    ("디시워셔", "dishwasher"),
    ("디쉬워셔", "dishwasher"),
    ("그릴", "grill"),
    ("버틀러", "butler"),
    ("호스트", "host"),
    ("호스티스", "host"),
    ("서빙", "serving"),
    # moulding, plastics and rubber
    ("몰드", "mold"),
    ("인젝션", "injection"),
    ("인잭션", "injection"),
    ("익스트루더", "extruder"),
    ("익스트루전", "extrusion"),
    ("블로우", "blow"),
    ("블로잉", "blow"),
    ("포밍", "forming"),
    ("컴파운딩", "compounding"),
    # metalworking and machining
    ("스탬핑", "stamping"),
    ("디버링", "deburring"),
    ("밀링", "milling"),
    ("터닝", "turning"),
    ("보링", "boring"),
    ("레이저", "laser"),
    ("플라즈마", "plasma"),
    ("지그", "jig"),
    ("툴링", "tooling"),
    ("브레이징", "brazing"),
    ("솔더링", "soldering"),
    ("히팅", "heating"),
    ("퍼니스", "furnace"),
    ("포징", "forging"),
    # painting and surface work
    ("페인팅", "painting"),
    ("페인터", "painter"),
    ("페인트", "paint"),
    ("스프레이", "spray"),
    ("플레이팅", "plating"),
    ("아노다이징", "anodizing"),
    # warehouse and logistics
    ("피커", "picker"),
    ("패커", "packer"),
    ("소터", "sorter"),
    ("라벨링", "labeling"),
    ("라벨", "labeling"),
    ("로딩", "loading"),
    ("언로딩", "unloading"),
    ("핸들링", "handling"),
    ("쉬퍼", "shipper"),
    ("쉬핑", "shipping"),
    ("인벤토리", "inventory"),
    ("웨어하우스", "warehouse"),
    # construction and facilities
    ("플러머", "plumber"),
    ("일렉트리션", "electrician"),
    ("카펜터", "carpenter"),
    ("타일러", "tiler"),
    ("몰탈", "mortar"),
    ("모르타르", "mortar"),
    ("보일러", "boiler"),
    ("빌딩", "building"),
    ("퍼실리티", "facility"),
    # cleaning, care and other services
    ("클린", "cleaning"),
    ("케어기버", "caregiver"),
    ("스킨케어", "skincare"),
    ("케어", "care"),
    ("테라피스트", "therapist"),
    ("테라피", "therapy"),
    ("가이드", "guide"),
    ("스토어", "store"),
    ("샵", "shop"),
    ("숍", "shop"),
    ("마트", "store"),
    ("파킹", "parking"),
    ("발렛", "valet"),
)
