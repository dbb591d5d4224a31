"""Invented text for synthetic vaults: names, addresses and clinical-sounding note bodies.

Note bodies are drawn from a Zipf-weighted vocabulary, so word frequencies look like real
prose. Two words are planted on purpose and appear nowhere else: ``COMMON_WORD`` in about
``COMMON_SHARE`` of the notes and ``RARE_WORD`` in one note out of ``RARE_EVERY``.
"""

from __future__ import annotations

import itertools
import math
import random

COMMON_WORD = "sleep"
COMMON_SHARE = 0.45
RARE_WORD = "kayaking"
RARE_EVERY = 2000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Avery Jordan Riley Casey Quinn Harper Rowan Emerson Sasha Devon Marisol Tomasz Aiko Kwame "
    "Ines Farid Zoë Léa Noah Liam Olivia Emma Amara Mateo Yusuf Hana Priya Diego Chloé Björn "
    "Siobhan Oluwaseun Anh Minh Wei Mei Kenji Yara Nadia Omar Lucía Sofía Elif Dmitri Anya Ravi "
    "Leilani Kai Malia Tariq Ingrid Henrik Pilar Joaquín Imani Desmond Fiona Callum Maeve Tobias"
)
LAST_NAMES = _words(
    "Whitfield Okafor Lindqvist Moreau Castellanos Brennan Haddad Kowalski Sato Mensah Delacroix "
    "Ferreira Novak Rahimi Nguyễn Trần Lê Phạm García Martínez Rodríguez Hernández López "
    "González Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Thomas Taylor Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
    "Scott Hill Green Adams Baker Nelson Carter Mitchell Perez Roberts Turner Phillips Campbell "
    "Parker Evans Edwards Collins Stewart Sánchez Morris Rogers Reed Cook Morgan Bell Murphy "
    "Bailey Rivera Cooper Richardson Cox Howard Ward Torres Peterson Gray Ramírez James Watson "
    "Brooks Kelly Sanders Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell "
    "Long Patterson Hughes Flores Washington Butler Simmons Foster Gonzales Bryant Alexander "
    "Russell Griffin Díaz Hayes Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz "
    "Hoffmann Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
    "Conti Costa Giordano Mancini Rizzo Lombardi Moretti Ivanov Smirnov Kuznetsov Popov Sokolov "
    "Lebedev Kozlov Novikov Morozov Petrov Volkov Solovyov Vasiliev Zaitsev Pavlov Semenov "
    "Golubev Vinogradov Bogdanov Vorobyov Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura "
    "Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu "
    "Yamazaki Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima Maeda Fujita Ogawa Goto Okada "
    "Hasegawa Murakami Kondo Ishii Saito Sakamoto Endo Aoki Fujii Nishimura Fukuda Ota Miura 李 王"
)
STREETS = _words("Oak Maple Cedar Pine Elm Birch Willow Lakeview Hillcrest Sunset Park River")
CITIES = ("Sacramento, CA", "Oakland, CA", "Fresno, CA", "Eugene, OR", "Reno, NV", "Tacoma, WA")
PAYERS = ("Example Health Plan", "Sample Mutual", "Demo Care Alliance", "Placeholder Benefits")
RELATIONSHIPS = ("Partner", "Mother", "Father", "Sister", "Brother", "Friend", "Spouse")

_VOCABULARY = _words(
    "the client and to of a in reported that session was discussed with for her his their "
    "this week on about at as mood we is be by reviewed plan it from practiced noted some "
    "feeling work family stress coping skills goals since last progress symptoms anxious "
    "worry conflict partner coworker manager boundaries assertive communication homework "
    "breathing grounding exercise mindfulness journal values exposure hierarchy avoidance "
    "trigger memories intrusive flashbacks nightmares appetite energy motivation low "
    "improved worse stable calm tearful irritable engaged guarded open reflective insight "
    "safety denied ideation intent risk protective factors support network friends sister "
    "brother mother father children school job interview deadline finances rent moving "
    "grief loss anniversary routine exercise walking running yoga medication prescriber "
    "referral psychiatrist physician appointment schedule attendance cancelled rescheduled "
    "telehealth video office thoughts automatic negative reframe evidence balanced "
    "cognitive behavioral distortion catastrophizing mind reading should statements "
    "acceptance commitment defusion willingness compassion self criticism shame guilt "
    "anger frustration resentment hope relief pride accomplishment small steps weekend "
    "evening morning afternoon daily weekly monthly continue next agreed target track "
    "log rating scale baseline review summary observed affect congruent speech normal "
    "rate volume thought process linear goal directed orientation alert cooperative "
    "eye contact good fair limited psychomotor agitation retardation judgment intact"
)


def _zipf_weights(count: int) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(count)))


_CUMULATIVE = _zipf_weights(len(_VOCABULARY))


class TextMaker:
    """Deterministic invented text for one generation run."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def words(self, count: int) -> str:
        """``count`` words as sentences of 6-18 words, capitalized and full-stopped."""
        rng = self._rng
        picked = rng.choices(_VOCABULARY, cum_weights=_CUMULATIVE, k=count)
        sentences: list[str] = []
        start = 0
        while start < count:
            end = min(count, start + rng.randint(6, 18))
            sentence = " ".join(picked[start:end])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            start = end
        return " ".join(sentences)

    def note_body(self, index: int) -> str:
        """A progress-note length body (median ~110 words, long tail to ~700)."""
        count = min(700, max(25, int(math.exp(self._rng.gauss(4.7, 0.5)))))
        body = self.words(count)
        if self._rng.random() < COMMON_SHARE:
            body += f" Client reports {COMMON_WORD} is still uneven."
        if index % RARE_EVERY == RARE_EVERY // 2:
            body += f" Mentioned {RARE_WORD} with a friend at the weekend."
        return body

    def paragraph(self, low: int, high: int) -> str:
        return self.words(self._rng.randint(low, high))

    def name(self) -> tuple[str, str]:
        return self._rng.choice(FIRST_NAMES), self._rng.choice(LAST_NAMES)

    def phone(self) -> str:
        return f"(555) 01{self._rng.randrange(10)}-{self._rng.randrange(1000, 10000)}"

    def address(self) -> str:
        street = f"{self._rng.randrange(1, 9999)} {self._rng.choice(STREETS)} Street"
        return f"{street}\n{self._rng.choice(CITIES)} 9{self._rng.randrange(1000, 10000)}"
