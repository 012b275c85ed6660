from pathlib import Path

from jrqa.ingest.cleaning import clean_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _clean(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return clean_article(path.read_text(encoding="utf-8"), path.name)


def test_subscription_boilerplate_is_removed_and_title_found() -> None:
    article = _clean("003")
    assert "Get all your news" not in article.text
    assert "Sign up to read this article" not in article.text
    assert "Fourteen days free" not in article.text
    assert article.title == "Russia looking for stronger economic relations with Japan"
    assert article.authors == ["Yoshio Hanada"]
    assert article.outlet and "Japan News" in article.outlet
    assert "20 bilateral meetings" in article.text


def test_forum_chrome_images_and_repeated_posts_are_removed() -> None:
    article = _clean("001")
    for chrome in ("ELITE MEMBER", "Reaction score", "Joined", "Aepsilons", ".jpg", "Top Bottom"):
        assert chrome not in article.text
    assert article.title == "Japan-Russia Relations: Toward a Peace Treaty and Beyond"
    quoted = "American will respect our policy regarding Russia. That is clear."
    assert article.text.count(quoted) == 1
    # A post quoted again with a small edit is still a repeat.
    assert article.text.count("Japan, though a strong US friend, only gives the illusion") == 1


def test_donation_and_share_lines_are_removed_and_authors_read() -> None:
    article = _clean("000")
    assert "DONATIONS" not in article.text
    assert "http" not in article.text
    assert article.authors == ["Noriko Watanabe", "Lee Jay Walker"]
    assert article.outlet == "Modern Tokyo Times"
    assert article.text.count("Kishida and Putin hold a positive chat") == 1


def test_site_notices_removed_and_byline_found() -> None:
    article = _clean("004")
    assert "Global Research articles can be read" not in article.text
    assert "copyrighted material" not in article.text
    assert article.authors == ["Uriel Araujo"]
    assert "NATO Summit" in article.text


def test_plain_text_passes_through() -> None:
    raw = "A headline about islands and treaties\n\nFirst paragraph says something. Second one too."
    article = clean_article(raw, "x.txt")
    assert article.title == "A headline about islands and treaties"
    assert "First paragraph says something." in article.text


def test_outlet_named_in_a_boilerplate_line_drops_its_quantifier() -> None:
    raw = (
        "A headline about the islands\n\n"
        "All Global Research articles can be read in 51 languages.\n\n"
        "Japanese-Russian relations might be at their worst, and the islands are the reason "
        "that both governments give for the long stalemate in their talks."
    )
    assert clean_article(raw, "x.txt").outlet == "Global Research"
