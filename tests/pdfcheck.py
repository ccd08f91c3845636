"""Reading rendered PDFs back with poppler-utils (pdftotext, pdffonts) for the final-report tests."""

import re
import subprocess
import unicodedata
from pathlib import Path

SEED = Path(__file__).resolve().parent / "data" / "bao-cao-giao-ban-2016.txt"


def squash(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(path, *args):
    """The text of each page (pdftotext)."""
    out = subprocess.run(["pdftotext", *args, str(path), "-"], check=True, capture_output=True).stdout
    pages = out.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_text(path):
    """The text of the whole document without the page numbers in the top margin."""
    parts = []
    for number, page in enumerate(pdf_pages(path), start=1):
        lines = page.strip("\n").splitlines()
        if number > 1 and lines and lines[0].strip() == str(number):
            lines = lines[1:]
        parts.append("\n".join(lines))
    return squash(" ".join(parts))


def seed_sentences():
    """The sentences (and clauses) of the seed report, in order, whitespace normalised; the seed's
    "1.Đối với" and "II.Kết thúc." get their missing space."""
    text = squash(SEED.read_text("utf-8"))
    text = text.replace("1.Đối với", "1. Đối với").replace("II.Kết thúc", "II. Kết thúc")
    return [part for part in re.split(r"(?<=[.:;!?])\s+", text) if part]


def missing_or_out_of_order(text, sentences):
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        if found < 0:
            return sentence
        position = found + len(sentence)
    return None


def pdf_fonts(path):
    """(name without subset prefix, embedded) for each font of the PDF (pdffonts)."""
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        embedded = columns[-5]
        fonts.append((name, embedded == "yes"))
    return fonts
