"""Write a synthetic kzcrisis corpus of N claims in the real corpus format.

    python bench/generate.py N OUTDIR [--seed S] [--per-source K] [--force]

The corpus is valid (`kzcrisis validate --corpus OUTDIR` exits 0): every quote is a sentence of
its generated archived article, every figure's number is written in the quote in Vietnamese
notation (5.800) with its qualifier word ('khoảng', 'ít nhất', 'hơn', 'lên tới', 'hàng chục'),
every entity is one of the real corpus's `entities.json` (copied as is), and every source
file's sha256 is recorded. One article per K claims (default 100) keeps each file small, and
claims are split one file per source, as in `corpus/`. Same N and seed, same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ENTITIES = REPO / "corpus" / "entities.json"

FIRST_DAY, LAST_DAY = 2, 10  # January 2022: the manifest's period
# Kinds in about the proportions of the shipped corpus (70 reactions, 32 events, 23 deployments,
# 6 casualty and 2 arrest claims), with figure claims a little more common so that every query
# has something to find.
KIND_WEIGHTS = {"reaction": 50, "event": 24, "deployment": 14, "casualty": 8, "arrest": 4}
# Who reacts, weighted roughly as in the shipped corpus.
REACTOR_WEIGHTS = {
    "russia": 18,
    "united-states": 12,
    "china": 12,
    "kazakhstan": 10,
    "csto": 8,
    "united-kingdom": 4,
    "france": 4,
    "turkey": 4,
    "eu": 4,
    "un": 4,
    "sco": 3,
    "belarus": 3,
    "armenia": 3,
    "uzbekistan": 2,
    "kyrgyzstan": 2,
    "tajikistan": 2,
    "azerbaijan": 1,
    "afghanistan": 1,
}
CSTO_MEMBERS = ("russia", "belarus", "armenia", "tajikistan", "kyrgyzstan")
CASUALTY_REPORTERS = ("kz-interior-ministry", "kz-presidential-office", "un", "tass", "ria", "xinhua", None)
ARREST_REPORTERS = ("kz-interior-ministry", "kz-presidential-office", "tass", "ria", None)
DEPLOYMENT_REPORTERS = ("csto-secretariat", "ru-defence-ministry", "ria", "tass", None)
AGENCIES = ("tass", "ria", "xinhua", "eurasianet")

# (Vietnamese verb phrase, English verb phrase) per stance.
STANCES: dict[str, tuple[str, str]] = {
    "calls_for_restraint": ("kêu gọi các bên kiềm chế", "called on all sides to show restraint"),
    "calls_for_dialogue": (
        "kêu gọi đối thoại và tìm kiếm giải pháp hòa bình",
        "called for dialogue and a peaceful solution",
    ),
    "condemns_violence": ("lên án các hành vi bạo lực và cướp bóc", "condemned the violence and looting"),
    "expresses_concern": (
        "bày tỏ quan ngại sâu sắc về tình hình",
        "expressed deep concern about the situation",
    ),
    "monitoring": ("đang theo dõi sát sao diễn biến", "was following developments closely"),
    "supports_government": (
        "ủng hộ các biện pháp của chính quyền Kazakhstan",
        "backed the measures of the Kazakh authorities",
    ),
    "supports_csto_deployment": (
        "ủng hộ việc triển khai lực lượng gìn giữ hòa bình của CSTO",
        "supported the deployment of the CSTO peacekeeping force",
    ),
    "questions_csto_deployment": (
        "đặt nghi vấn về việc triển khai quân đội nước ngoài",
        "questioned the deployment of foreign troops",
    ),
    "alleges_foreign_interference": (
        "cáo buộc các lực lượng bên ngoài đứng sau bất ổn",
        "accused outside forces of being behind the unrest",
    ),
    "denies_involvement": (
        "bác bỏ mọi cáo buộc liên quan tới bạo loạn",
        "rejected every accusation of a role in the riots",
    ),
    "calls_internal_affair": (
        "khẳng định đây là công việc nội bộ của Kazakhstan",
        "said this was Kazakhstan's internal affair",
    ),
    "offers_help": (
        "sẵn sàng hỗ trợ Kazakhstan vượt qua khó khăn",
        "was ready to help Kazakhstan through the crisis",
    ),
    "defends_rights": (
        "kêu gọi tôn trọng quyền biểu tình ôn hòa và tự do báo chí",
        "called for the right to peaceful protest and press freedom to be respected",
    ),
    "calls_for_sovereignty": (
        "kêu gọi tôn trọng chủ quyền và toàn vẹn lãnh thổ của Kazakhstan",
        "called for Kazakhstan's sovereignty and territorial integrity to be respected",
    ),
}
SAY_VERBS = (
    ("cho biết", "said"),
    ("khẳng định", "stated"),
    ("nhấn mạnh", "stressed"),
    ("tuyên bố", "declared"),
)
TAILS = (
    ("", ""),
    (" trong bối cảnh bạo loạn lan rộng", " as the riots spread"),
    (" sau nhiều ngày bất ổn", " after days of unrest"),
    (" tại quốc gia Trung Á này", " in the Central Asian country"),
    (" trước diễn biến mới nhất", " in view of the latest developments"),
)
CITIES = (
    "Almaty",
    "Nur-Sultan",
    "Aktau",
    "Zhanaozen",
    "Shymkent",
    "Taraz",
    "Aktobe",
    "Kyzylorda",
    "Taldykorgan",
    "Uralsk",
    "Atyrau",
    "Karaganda",
)
DAY_PARTS = (
    ("sáng", "on the morning of"),
    ("chiều", "on the afternoon of"),
    ("tối", "on the evening of"),
    ("hôm", "on"),
    ("ngày", "on"),
)
OPENERS = (
    ("Phát biểu", "Speaking"),
    ("Trong thông cáo", "In a statement"),
    ("Trong cuộc họp báo", "At a briefing"),
    ("Trả lời phóng viên", "Answering reporters"),
    ("Trong cuộc điện đàm", "In a phone call"),
)
EVENTS = (
    (
        "người biểu tình đã chiếm trụ sở chính quyền thành phố",
        "protesters seized the city administration building",
    ),
    (
        "lực lượng an ninh đã nổ súng để giải tán đám đông",
        "security forces opened fire to disperse the crowd",
    ),
    ("chính quyền đã ban bố tình trạng khẩn cấp", "the authorities declared a state of emergency"),
    ("sân bay quốc tế đã bị đóng cửa", "the international airport was closed"),
    ("mạng internet đã bị cắt trên diện rộng", "the internet was cut across a wide area"),
    (
        "đám đông đã xuống đường phản đối giá khí đốt tăng cao",
        "crowds took to the streets against the fuel price rise",
    ),
    ("lệnh giới nghiêm đã được áp dụng từ 23h đến 7h sáng", "a curfew from 11 p.m. to 7 a.m. was imposed"),
    ("nhiều cửa hàng và ngân hàng đã bị đập phá, cướp bóc", "many shops and banks were smashed and looted"),
    ("các tuyến phố chính đã bị phong tỏa", "the main streets were sealed off"),
    (
        "lực lượng chức năng đã giành lại quyền kiểm soát tòa thị chính",
        "the security forces retook the city hall",
    ),
    ("hoạt động giao thông công cộng đã bị đình chỉ", "public transport was suspended"),
    (
        "giá khí đốt hóa lỏng đã được đưa về mức cũ",
        "the price of liquefied gas was brought back to its old level",
    ),
)
TOKAYEV_EVENTS = (
    (
        "Tổng thống Kassym-Jomart Tokayev đã chấp nhận đơn từ chức của chính phủ",
        "President Kassym-Jomart Tokayev accepted the government's resignation",
    ),
    (
        "Tổng thống Kassym-Jomart Tokayev đã ra lệnh khôi phục trật tự",
        "President Kassym-Jomart Tokayev ordered order restored",
    ),
    (
        "Tổng thống Kassym-Jomart Tokayev đã đề nghị CSTO hỗ trợ",
        "President Kassym-Jomart Tokayev asked the CSTO for help",
    ),
)
# Whom a figure counts, in Vietnamese, by metric family.
KILLED_GROUPS = {
    "protesters": "người biểu tình",
    "rioters": "đối tượng bạo loạn",
    "security_forces": "nhân viên an ninh",
    "civilians": "dân thường",
    "all": "người",
}
DETAINED_GROUPS = {"all": "người", "rioters": "đối tượng tham gia bạo loạn", "protesters": "người biểu tình"}
QUALIFIERS = {
    "exact": ("", ""),
    "about": ("khoảng ", "about "),
    "at_least": ("ít nhất ", "at least "),
    "more_than": ("hơn ", "more than "),
    "up_to": ("lên tới ", "up to "),
}
FILLERS = (
    "Tình hình tại Kazakhstan vẫn diễn biến phức tạp.",
    "Các cuộc biểu tình bắt đầu từ tỉnh Mangystau ở miền tây đất nước.",
    "Giá khí đốt hóa lỏng tăng gấp đôi là nguyên nhân ban đầu của làn sóng phản đối.",
    "Giới quan sát cho rằng đây là cuộc khủng hoảng nghiêm trọng nhất kể từ khi nước này độc lập.",
    "Nhiều chuyến bay quốc tế đã bị hủy trong những ngày qua.",
    "Các nước láng giềng đang theo dõi chặt chẽ tình hình.",
    "Kazakhstan là nước xuất khẩu dầu mỏ và uranium lớn của thế giới.",
    "Chưa có thông tin độc lập nào xác nhận các con số trên.",
    "Mạng lưới liên lạc bị gián đoạn khiến việc kiểm chứng thông tin gặp nhiều khó khăn.",
    "Phóng viên tại chỗ mô tả không khí căng thẳng trên các đường phố.",
    "Đời sống người dân bắt đầu trở lại bình thường ở một số khu vực.",
    "Các nhà phân tích nhận định cuộc khủng hoảng có thể làm thay đổi cán cân quyền lực trong khu vực.",
)
HEADLINES = (
    "Phản ứng của cộng đồng quốc tế trước bất ổn tại Kazakhstan",
    "Kazakhstan: Bạo loạn lan rộng, CSTO triển khai lực lượng gìn giữ hòa bình",
    "Diễn biến mới nhất về tình hình Kazakhstan",
    "Thế giới lên tiếng về khủng hoảng ở Kazakhstan",
    "Kazakhstan công bố số liệu thương vong sau các cuộc biểu tình",
    "Nga, Trung Quốc và phương Tây nói gì về Kazakhstan?",
)
OUTLETS = (
    "Dân trí",
    "Tiền Phong",
    "VnExpress",
    "Thanh Niên",
    "Tuổi Trẻ",
    "VietNamNet",
    "Lao Động",
    "Người Lao Động",
    "Báo Quốc tế",
    "Vietnam+",
)
AUTHORS = ("Thành Đạt", "Minh Phương", "Hải Yến", "Đức Hoàng", "Thanh Hà", "Bảo Ngọc", "Quang Huy", None)


def vi_number(n: int) -> str:
    """5800 -> '5.800': Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")


def en_number(n: int) -> str:
    return f"{n:,}"


@dataclass
class Claim:
    quote: str
    record: dict[str, Any]


@dataclass
class Article:
    paragraphs: list[list[str]] = field(default_factory=list)


class Generator:
    """Builds claims from templates; everything random goes through one seeded `random.Random`."""

    def __init__(self, entities: list[dict[str, Any]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.entities = {e["id"]: e for e in entities}
        self.seen: set[str] = set()
        missing = [
            ref
            for ref in [
                *REACTOR_WEIGHTS,
                *CSTO_MEMBERS,
                *AGENCIES,
                "tokayev",
                "serdyukov",
                "kazakhstan",
                "csto",
                "csto-secretariat",
                *(r for r in CASUALTY_REPORTERS if r),
                *(r for r in ARREST_REPORTERS if r),
                *(r for r in DEPLOYMENT_REPORTERS if r),
            ]
            if ref not in self.entities
        ]
        if missing:
            raise SystemExit(f"generate.py: entities file lacks {sorted(set(missing))}")
        self.reactors = list(REACTOR_WEIGHTS)
        self.reactor_weights = list(REACTOR_WEIGHTS.values())
        # Who speaks for whom: persons and organisations whose `speaks_for` is the reactor.
        self.speakers: dict[str, list[str]] = {}
        for ent in entities:
            if ent.get("speaks_for") and ent["type"] in ("person", "organisation"):
                self.speakers.setdefault(ent["speaks_for"], []).append(ent["id"])

    # --- small helpers ------------------------------------------------------------------

    def vi(self, ref: str) -> str:
        names = self.entities[ref].get("names_vi") or [self.entities[ref]["name"]]
        return str(names[0])

    def en(self, ref: str) -> str:
        return str(self.entities[ref]["name"])

    def when(self, dated_share: float = 0.8) -> tuple[str, str, dict[str, Any]]:
        """(Vietnamese time phrase, English, date fields of the claim)."""
        if self.rng.random() < dated_share:
            day = self.rng.randint(FIRST_DAY, LAST_DAY)
            part_vi, part_en = self.rng.choice(DAY_PARTS)
            return f"{part_vi} {day}/1", f"{part_en} {day} January", {"date": f"2022-01-{day:02d}"}
        return "", "", {"date": None, "date_note": "The sentence gives no date."}

    def figure(
        self,
        metric: str,
        group: str,
        count: int | None,
        qualifier: str,
        dates: dict[str, Any],
        components: Sequence[int] = (),
    ) -> dict[str, Any]:
        fig: dict[str, Any] = {"metric": metric, "group": group, "count": count, "qualifier": qualifier}
        if components:
            fig["components"] = list(components)
        if dates["date"]:
            fig["as_of"] = dates["date"]
        else:
            fig["as_of"] = None
            fig["as_of_note"] = "The text gives no date for the figure."
        return fig

    def amount(self, low: int, high: int, *, dozens: bool = False) -> tuple[str, str, int | None, str]:
        """(Vietnamese words, English words, count, qualifier) for a figure between low and high."""
        if dozens and self.rng.random() < 0.1:
            return "hàng chục", "dozens of", None, "dozens"
        count = self.rng.randint(low, high)
        if count >= 1000 and self.rng.random() < 0.6:
            count = round(count, -2)
        qualifier = self.rng.choice(list(QUALIFIERS))
        q_vi, q_en = QUALIFIERS[qualifier]
        return f"{q_vi}{vi_number(count)}", f"{q_en}{en_number(count)}", count, qualifier

    def opener(self, time_vi: str, time_en: str, dates: dict[str, Any]) -> tuple[str, str, list[str]]:
        """A sentence opening ending in ', ' (or nothing), and any entity it mentions."""
        roll = self.rng.random()
        if time_vi and roll < 0.6:
            o_vi, o_en = self.rng.choice(OPENERS)
            return f"{o_vi} {time_vi}, ", f"{o_en} {time_en}, ", []
        if time_vi:  # the day is not in the sentence: say where it comes from, as curators do
            dates["date_note"] = f"The sentence gives no day; the paragraph dates the statement '{time_vi}'."
        if roll < 0.8:
            agency = self.rng.choice(AGENCIES)
            return f"Theo {self.vi(agency)}, ", f"According to {self.en(agency)}, ", [agency]
        return "", "", []

    def where(self) -> tuple[str, str, str]:
        city = self.rng.choice(CITIES)
        return f" tại thành phố {city}", f" in {city}", city

    # --- one claim per kind -------------------------------------------------------------

    def reaction(self) -> Claim:
        actor = self.rng.choices(self.reactors, self.reactor_weights)[0]
        actors = [actor]
        if self.rng.random() < 0.1:
            other = self.rng.choices(self.reactors, self.reactor_weights)[0]
            if other != actor:
                actors.append(other)
        stances = self.rng.sample(list(STANCES), 2 if self.rng.random() < 0.25 else 1)
        time_vi, time_en, dates = self.when()
        open_vi, open_en, mentions = self.opener(time_vi, time_en, dates)
        subject_vi = " và ".join(self.vi(a) for a in actors)
        subject_en = " and ".join(self.en(a) for a in actors)
        vp_vi = " và ".join(STANCES[s][0] for s in stances)
        vp_en = " and ".join(STANCES[s][1] for s in stances)
        tail_vi, tail_en = self.rng.choice(TAILS)
        speakers = self.speakers.get(actor, [])
        record: dict[str, Any] = {"kind": "reaction"}
        if speakers and self.rng.random() < 0.7:
            speaker = self.rng.choice(speakers)
            say_vi, say_en = self.rng.choice(SAY_VERBS)
            body_vi = f"{self.vi(speaker)} {say_vi} {subject_vi} {vp_vi}{tail_vi}"
            body_en = f"{self.en(speaker)} {say_en} {subject_en} {vp_en}{tail_en}"
            record.update(reported_by=speaker, speaker=speaker)
        else:
            body_vi = f"{subject_vi} {vp_vi}{tail_vi}"
            body_en = f"{subject_en} {vp_en}{tail_en}"
            record.update(reported_by=None)
        mentions = [*mentions, *(["kazakhstan"] if "kazakhstan" not in actors else [])]
        if any("csto" in s for s in stances) and "csto" not in actors:
            mentions.append("csto")
        record.update(actors=actors, mentions=mentions, stances=stances)
        return self._claim(open_vi, body_vi, open_en, body_en, dates, record)

    def event(self) -> Claim:
        time_vi, time_en, dates = self.when(0.85)
        place_vi, place_en, city = self.where()
        if self.rng.random() < 0.15:
            what_vi, what_en = self.rng.choice(TOKAYEV_EVENTS)
            actors, mentions = ["tokayev"], ["kazakhstan", *(["csto"] if "CSTO" in what_vi else [])]
        else:
            what_vi, what_en = self.rng.choice(EVENTS)
            actors, mentions = [], ["kazakhstan"]
        lead_vi = f"{time_vi[:1].upper()}{time_vi[1:]}{place_vi}, " if time_vi else f"Tại thành phố {city}, "
        lead_en = f"{time_en[:1].upper()}{time_en[1:]}{place_en}, " if time_en else f"In {city}, "
        record = {"kind": "event", "actors": actors, "mentions": mentions, "place": city}
        return self._claim(lead_vi, what_vi, lead_en, what_en, dates, record)

    def casualty(self) -> Claim:
        time_vi, time_en, dates = self.when(0.5)
        reporter = self.rng.choice(CASUALTY_REPORTERS)
        group = self.rng.choice(list(KILLED_GROUPS))
        figures = []
        if group == "security_forces" and self.rng.random() < 0.3:
            police, soldiers = self.rng.randint(1, 40), self.rng.randint(1, 40)
            killed_vi = f"{police} cảnh sát và {soldiers} binh sĩ Vệ binh Quốc gia đã thiệt mạng"
            killed_en = f"{police} police officers and {soldiers} National Guard soldiers were killed"
            total = police + soldiers
            figures.append(self.figure("killed", group, total, "exact", dates, (police, soldiers)))
        else:
            k_vi, k_en, count, qualifier = self.amount(1, 250, dozens=True)
            killed_vi = f"{k_vi} {KILLED_GROUPS[group]} đã thiệt mạng"
            killed_en = f"{k_en} {group.replace('_', ' ')} were killed"
            figures.append(self.figure("killed", group, count, qualifier, dates))
        body_vi, body_en = killed_vi, killed_en
        if self.rng.random() < 0.6:
            i_vi, i_en, count, qualifier = self.amount(10, 4000)
            body_vi += f" và {i_vi} người khác bị thương"
            body_en += f" and {i_en} other people were injured"
            figures.append(self.figure("injured", "all", count, qualifier, dates))
        place_vi, place_en, _ = self.where()
        return self._figure_claim(
            "casualty", reporter, time_vi, time_en, dates, body_vi + place_vi, body_en + place_en, figures
        )

    def arrest(self) -> Claim:
        time_vi, time_en, dates = self.when(0.6)
        reporter = self.rng.choice(ARREST_REPORTERS)
        group = self.rng.choice(list(DETAINED_GROUPS))
        a_vi, a_en, count, qualifier = self.amount(20, 12000)
        place_vi, place_en, _ = self.where() if self.rng.random() < 0.5 else ("", "", "")
        body_vi = f"{a_vi} {DETAINED_GROUPS[group]} đã bị bắt giữ{place_vi}"
        body_en = f"{a_en} {group.replace('_', ' ') if group != 'all' else 'people'} were detained{place_en}"
        figures = [self.figure("detained", group, count, qualifier, dates)]
        return self._figure_claim("arrest", reporter, time_vi, time_en, dates, body_vi, body_en, figures)

    def deployment(self) -> Claim:
        time_vi, time_en, dates = self.when(0.6)
        contributors = self.rng.sample(CSTO_MEMBERS, self.rng.choice((1, 1, 1, 2, 3)))
        body_vi = " và ".join(self.vi(c) for c in contributors)
        body_en = " and ".join(self.en(c) for c in contributors)
        group = "russian_forces" if contributors == ["russia"] else "csto_forces"
        figures = []
        if self.rng.random() < 0.7:
            t_vi, t_en, count, qualifier = self.amount(50, 3000)
            body_vi += f" đã điều {t_vi} binh sĩ"
            body_en += f" sent {t_en} troops"
            figures.append(self.figure("troops", group, count, qualifier, dates))
            if self.rng.random() < 0.3:
                planes = self.rng.randint(3, 80)
                body_vi += f" cùng {planes} máy bay vận tải"
                body_en += f" with {planes} transport aircraft"
                figures.append(self.figure("aircraft", group, planes, "exact", dates))
            body_vi += " tới Kazakhstan"
            body_en += " to Kazakhstan"
        else:
            body_vi += " đã bắt đầu triển khai lực lượng tới Kazakhstan"
            body_en += " began deploying forces to Kazakhstan"
        extra: dict[str, Any] = {"contributors": contributors}
        if self.rng.random() < 0.5:
            body_vi += " nhằm ổn định tình hình"
            body_en += " to stabilise the situation"
            extra["mission"] = "to stabilise the situation"
        if self.rng.random() < 0.2:
            body_vi += " theo Điều 4 của Hiệp ước An ninh Tập thể"
            body_en += " under Article 4 of the Collective Security Treaty"
            extra["legal_basis"] = "Article 4 of the Collective Security Treaty"
        if self.rng.random() < 0.2:
            body_vi += " dưới sự chỉ huy của tướng Andrey Serdyukov"
            body_en += " under the command of General Andrey Serdyukov"
            extra["command"] = "serdyukov"
        reporter = self.rng.choice(DEPLOYMENT_REPORTERS)
        return self._figure_claim(
            "deployment",
            reporter,
            time_vi,
            time_en,
            dates,
            body_vi,
            body_en,
            figures,
            actors=contributors,
            extra=extra,
        )

    # --- assembly -----------------------------------------------------------------------

    def _figure_claim(
        self,
        kind: str,
        reporter: str | None,
        time_vi: str,
        time_en: str,
        dates: dict[str, Any],
        body_vi: str,
        body_en: str,
        figures: list[dict[str, Any]],
        *,
        actors: Sequence[str] = (),
        extra: dict[str, Any] | None = None,
    ) -> Claim:
        if reporter:
            say_vi, say_en = self.rng.choice(SAY_VERBS)
            lead_vi = f"{self.vi(reporter)} {say_vi} "
            lead_en = f"{self.en(reporter)} {say_en} "
        else:
            lead_vi, lead_en = "", ""
        if time_vi:
            lead_vi = f"{time_vi[:1].upper()}{time_vi[1:]}, {lead_vi}"
            lead_en = f"{time_en[:1].upper()}{time_en[1:]}, {lead_en}"
        record: dict[str, Any] = {
            "kind": kind,
            "reported_by": reporter,
            "actors": list(actors),
            "mentions": ["kazakhstan"] if "kazakhstan" not in actors else [],
            "figures": figures,
        }
        if extra:
            record.update(extra)
        return self._claim(lead_vi, body_vi, lead_en, body_en, dates, record)

    def _claim(
        self,
        lead_vi: str,
        body_vi: str,
        lead_en: str,
        body_en: str,
        dates: dict[str, Any],
        record: dict[str, Any],
    ) -> Claim:
        quote = _sentence(lead_vi + body_vi)
        serial = 2
        while quote in self.seen:  # (quote, kind) must be unique in a corpus
            quote = _sentence(f"{lead_vi}{body_vi} (tin cập nhật lần {vi_number(serial)})")
            serial += 1
        self.seen.add(quote)
        text_en = _sentence(lead_en + body_en)
        return Claim(quote, {"quote": quote, "text_en": text_en, **dates, **record})

    def claim(self) -> Claim:
        kind = self.rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        make = {
            "reaction": self.reaction,
            "event": self.event,
            "casualty": self.casualty,
            "arrest": self.arrest,
            "deployment": self.deployment,
        }[kind]
        return make()

    def article_text(self, title: str, outlet: str | None, quotes: list[str]) -> str:
        """The archived article: a title, a lead, then paragraphs with the quotes among filler."""
        lead = self.rng.choice(FILLERS)
        lines = [title, "", f"({outlet}) - {lead}" if outlet else lead, ""]
        paragraph: list[str] = []
        for quote in quotes:
            if self.rng.random() < 0.3:
                paragraph.append(self.rng.choice(FILLERS))
            paragraph.append(quote)
            if len(paragraph) >= self.rng.randint(2, 4):
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines += [" ".join(paragraph), ""]
        return "\n".join(lines)


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return unicodedata.normalize("NFC", text if text.endswith(".") else text + ".")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _ordered(claim_id: str, slug: str, record: dict[str, Any]) -> dict[str, Any]:
    head = {
        "id": claim_id,
        "source": slug,
        "kind": record["kind"],
        "quote": record["quote"],
        "text_en": record["text_en"],
        "date": record["date"],
    }
    return {**head, **{k: v for k, v in record.items() if k not in head}}


def generate(
    n: int, out: Path, seed: int = 0, per_source: int = 100, entities_file: Path = DEFAULT_ENTITIES
) -> dict[str, int]:
    """Write the corpus to `out` (which must not exist or be empty); return counts by kind."""
    entities_bytes = entities_file.read_bytes()
    gen = Generator(json.loads(entities_bytes), seed)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(exist_ok=True)
    manifest = {
        "name": "kzcrisis-synthetic",
        "version": f"{n}-seed{seed}",
        "description": f"Synthetic benchmark corpus: {n} generated claims (bench/generate.py, seed {seed}).",
        "period": {"start": f"2022-01-{FIRST_DAY:02d}", "end": f"2022-01-{LAST_DAY:02d}"},
    }
    (out / "corpus.json").write_text(_dump(manifest), encoding="utf-8")
    (out / "entities.json").write_bytes(entities_bytes)
    sources: list[dict[str, Any]] = []
    counts = dict.fromkeys(KIND_WEIGHTS, 0)
    n_sources = max(1, -(-n // per_source))
    for index in range(n_sources):
        size = min(per_source, n - index * per_source)
        slug = f"syn-{index + 1:06d}"
        claims = [gen.claim() for _ in range(max(size, 0))]
        outlet = gen.rng.choice(OUTLETS) if gen.rng.random() < 0.8 else None
        title = f"{gen.rng.choice(HEADLINES)} (kỳ {index + 1})"
        text = gen.article_text(title, outlet, [c.quote for c in claims])
        raw = unicodedata.normalize("NFC", text).encode("utf-8")
        digest = hashlib.sha256(raw).hexdigest()
        rel = f"sources/{index:06d}_{digest[:16]}.txt"
        (out / rel).write_bytes(raw)
        day = gen.rng.randint(FIRST_DAY + 2, LAST_DAY + 1)
        source: dict[str, Any] = {"slug": slug, "file": rel, "sha256": digest, "outlet": outlet}
        if outlet is None:
            source["outlet_note"] = "The text does not name its outlet."
        source.update(
            title=title,
            published=f"2022-01-{day:02d}",
            author=gen.rng.choice(AUTHORS),
            url=None,
            url_note="Synthetic article: no URL.",
            notes="Generated by bench/generate.py.",
        )
        sources.append(source)
        records = [_ordered(f"{slug}-{i + 1:03d}", slug, c.record) for i, c in enumerate(claims)]
        for rec in records:
            counts[rec["kind"]] += 1
        claim_file = {"source": slug, "claims": records}
        (out / "claims" / f"{slug}.json").write_text(_dump(claim_file), encoding="utf-8")
    (out / "sources.json").write_text(_dump(sources), encoding="utf-8")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int, metavar="N", help="number of claims")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder to write (must be empty)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--per-source", type=int, default=100, metavar="K", help="claims per archived article (default 100)"
    )
    parser.add_argument(
        "--entities",
        type=Path,
        default=DEFAULT_ENTITIES,
        help="entities.json to copy (default: the shipped corpus's)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUTDIR if it exists")
    args = parser.parse_args(argv)
    if args.n < 1 or args.per_source < 1:
        parser.error("N and --per-source must be at least 1")
    out: Path = args.outdir
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    counts = generate(args.n, out, args.seed, args.per_source, args.entities)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"generate.py: wrote {args.n} claims ({summary}) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
