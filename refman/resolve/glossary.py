"""A Kazakh/Russian -> English glossary of the field's terms, built from data (pure; generated).

Written by ``python -m bench.crosslang --glossary`` from the parallel kk/ru/en metadata that
articles print about themselves (see that command for the sources and the alignment); do not edit
by hand. Each entry: (a Kazakh or Russian word, its English word, where the pair was read).
"""

from __future__ import annotations

GLOSSARY: tuple[tuple[str, str, str], ...] = (
    ("азия", "asia", "bibliography/articles/004_c159abb99046b70d.txt (kk keywords)"),
    ("безопасность", "security", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("внешняя", "foreign", "bibliography/articles/004_c159abb99046b70d.txt (ru keywords)"),
    ("гармоничное", "harmonious", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("историческая", "historical", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("композиции", "composition", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("конфликты", "conflicts", "bibliography/articles/004_c159abb99046b70d.txt (ru keywords)"),
    ("международная", "international", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("международные", "international", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("мировая", "world", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("многообразие", "diversity", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("нарушение", "violation", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("новые", "new", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("объекты", "objects", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("орталық", "central", "bibliography/articles/004_c159abb99046b70d.txt (kk keywords)"),
    ("отношения", "relations", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("политика", "policy", "bibliography/articles/004_c159abb99046b70d.txt (ru keywords)"),
    ("политика", "politics", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("проблемы", "problems", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("саясат", "policy", "bibliography/articles/004_c159abb99046b70d.txt (kk keywords)"),
    ("саясат", "politics", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
    ("сохранение", "preservation", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("сочетание", "combination", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("среда", "environment", "tests/data/extract_gold/ru_hse_38310145.txt (ru keywords)"),
    ("сыртқы", "foreign", "bibliography/articles/004_c159abb99046b70d.txt (kk keywords)"),
    ("теория", "theory", "bibliography/articles/000_cd854a2d8b355c99.txt (ru keywords)"),
    ("теориялар", "theory", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
    ("халықаралық", "international", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
    ("центральная", "central", "bibliography/articles/004_c159abb99046b70d.txt (ru keywords)"),
    ("қатынастар", "relations", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
    ("қауіпсіздік", "security", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
    ("қақтығыстар", "conflicts", "bibliography/articles/004_c159abb99046b70d.txt (kk keywords)"),
    ("әлемдік", "world", "bibliography/articles/000_cd854a2d8b355c99.txt (kk keywords)"),
)
