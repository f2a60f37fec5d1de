"""Demo job-creation programs with the figures of the five seed articles.

* 부평구 2019 일자리대책 세부계획: 1만562개, 전년(2018) 목표보다 8.7% 늘림, 5 핵심전략.
* 경기지역 혁신프로젝트 2021: 2개 분야 9개 사업, 285명 교육, 658개 일자리 (6개 사업 411개,
  3개 사업 247개); 2017–2020 누적 1,162명 양성, 1,640개 일자리.
* 인천 뿌리산업 고용안정 선제대응 패키지: 2020–2024 5년간 477억 투입, 7,750명 고용창출.
* 인천 뿌리산업 일자리센터: 지난 4년간(2020–2023) 총 2,263개 일자리, this year's plan
  counted live from the demo world's placements through attribution rules.

The figures and the plans' structure are data (``programs/data/demo_*.toml``); this package reads
them (``seeder``), seeds the articles' plans (``articles``), the center's plan of this year
(``center``) and its surveys (``surveys``). How a strategy's total is split among its programs,
and the monthly results, are illustrative (seeded from ctx.rng), the totals are the articles'.
"""

from ..models import OrgKind
from .articles import seed_bupyeong, seed_center_history, seed_gyeonggi, seed_incheon_package, seed_namdong
from .center import seed_center_current
from .seeder import Seeder
from .surveys import seed_surveys


def seed(ctx) -> None:
    s = Seeder(ctx)
    incheon = s.org("인천광역시", OrgKind.CITY)
    seed_bupyeong(s, incheon)
    seed_gyeonggi(s)
    seed_incheon_package(s, incheon)
    center = s.org("인천 뿌리산업 일자리센터", OrgKind.CENTER, incheon)
    seed_center_history(s, center)
    seed_namdong(s, incheon)
    s.flush()
    plan = seed_center_current(s, center)
    s.flush()
    seed_surveys(s, center, plan)
