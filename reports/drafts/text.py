"""The text of a draft version: .docx → paragraphs (through mammoth), written text → paragraphs,
sanitising, paragraph anchors, and the comparison of two versions.

Sanitising works by rebuilding: the HTML mammoth produces is parsed and only the block structure
(paragraphs, headings, list items, table cells) and a few inline tags without attributes are kept;
everything else (links, images, attributes, scripts) is dropped and all text is escaped again.
"""

import difflib
import hashlib
import io
import zipfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from frontwork.text import nfc, word_diff

DOCX_SIGNATURE = b"PK\x03\x04"
INLINE_TAGS = {"strong", "b", "em", "i", "u", "s", "sub", "sup"}
INLINE_RENAME = {"b": "strong", "i": "em"}
BLOCK_KINDS = {"p": "p", "h1": "h2", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4", "li": "li"}
CELL_TAGS = {"td", "th"}


class DocxError(ValueError):
    """The uploaded file is not a readable .docx; the message is for the user."""


@dataclass
class Block:
    kind: str
    html: str
    text: str


def normalise(text):
    return nfc(" ".join(text.split()))


class _Rebuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.kind = None
        self.parts = []
        self.text = []
        self.open_inline = []
        self.skip = 0

    def _start_block(self, kind):
        self._end_block()
        self.kind = kind

    def _end_block(self):
        if self.kind is None and not "".join(self.text).strip():
            self.parts, self.text, self.open_inline = [], [], []
            return
        for tag in reversed(self.open_inline):
            self.parts.append(f"</{tag}>")
        text = normalise("".join(self.text))
        if text:
            self.blocks.append(Block(kind=self.kind or "p", html="".join(self.parts).strip(), text=text))
        self.kind, self.parts, self.text, self.open_inline = None, [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title", "head"}:
            self.skip += 1
        elif tag in BLOCK_KINDS:
            self._start_block(BLOCK_KINDS[tag])
        elif tag in CELL_TAGS:
            self._start_block("p")
        elif tag in INLINE_TAGS:
            name = INLINE_RENAME.get(tag, tag)
            self.open_inline.append(name)
            self.parts.append(f"<{name}>")
        elif tag == "br":
            self.parts.append("<br>")
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title", "head"}:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_KINDS or tag in CELL_TAGS:
            self._end_block()
        elif tag in INLINE_TAGS:
            name = INLINE_RENAME.get(tag, tag)
            if name in self.open_inline:
                # close everything opened after it, then it
                while self.open_inline:
                    last = self.open_inline.pop()
                    self.parts.append(f"</{last}>")
                    if last == name:
                        break

    def handle_data(self, data):
        if self.skip:
            return
        self.parts.append(escape(data, quote=False))
        self.text.append(data)

    def close(self):
        super().close()
        self._end_block()


def html_to_blocks(html):
    parser = _Rebuilder()
    parser.feed(html)
    parser.close()
    return parser.blocks


def docx_to_blocks(data, *, max_unpacked):
    """Paragraphs of a .docx file (bytes); DocxError with a Vietnamese message if unreadable or if
    its parts would unpack to more than `max_unpacked` bytes (a "zip bomb")."""
    import mammoth

    if not data.startswith(DOCX_SIGNATURE):
        raise DocxError(_("Tệp không phải là văn bản Word .docx. Hãy chọn tệp có đuôi .docx."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocxError(_("Tệp .docx bị hỏng hoặc không phải văn bản Word: không đọc được nội dung."))
            if sum(info.file_size for info in archive.infolist()) > max_unpacked:
                raise DocxError(
                    _("Tệp .docx quá lớn khi giải nén; hãy bỏ bớt hình ảnh hoặc chia nhỏ văn bản.")
                )
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(lambda image: {"alt": ""})
        )
    except DocxError:
        raise
    except Exception as error:  # mammoth raises many kinds of errors on damaged files
        raise DocxError(
            _("Tệp .docx bị hỏng hoặc không phải văn bản Word: không đọc được nội dung.")
        ) from error
    blocks = html_to_blocks(result.value)
    if not blocks:
        raise DocxError(_("Tệp .docx không có đoạn văn bản nào."))
    return blocks


def text_to_blocks(text):
    """Paragraphs of text written in the app: separated by blank lines; a line break inside a
    paragraph is kept."""
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [normalise(line) for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.append(
                Block(kind="p", html="<br>".join(escape(line) for line in lines), text=" ".join(lines))
            )
    return blocks


def blocks_to_text(paragraphs):
    """The editable text of a version: one paragraph per blank-line-separated chunk."""
    return "\n\n".join(p.text for p in paragraphs)


def anchors_for(blocks):
    """Stable anchors: derived from the paragraph text, numbered when the same text repeats."""
    seen = {}
    anchors = []
    for block in blocks:
        digest = hashlib.sha1(block.text.encode()).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        anchors.append(f"d{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
    return anchors


@dataclass
class DiffLine:
    op: str  # "equal", "insert", "delete"
    html: str


# The comparison does a bounded amount of work whatever the versions: changed paragraphs are
# paired with a look-ahead of LOOKAHEAD paragraphs, and every word-level comparison is charged
# (words × words, its worst case) to a budget; past it, the versions are shown paragraph by
# paragraph, without pairing, with TOO_DIFFERENT (a budget of 10⁷ is about half a second of work).
LOOKAHEAD = 20
COMPARE_BUDGET = 10_000_000
MAX_COMPARED_WORDS = 2_000  # a longer paragraph is shown deleted and inserted, not word by word
TOO_DIFFERENT = _(
    "Hai phiên bản khác nhau quá nhiều để so sánh chi tiết từng chữ; dưới đây là các đoạn bị bỏ "
    "và các đoạn thêm mới."
)


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self, units):
        self.left = units

    def spend(self, a, b):
        self.left -= max(1, len(a)) * max(1, len(b))
        if self.left < 0:
            raise _OverBudget


class Comparison(list):
    """The lines of a comparison; `detailed` is False when the work cap was reached (TOO_DIFFERENT)."""

    detailed = True
    message = ""


def _marked_changes(old, new, budget):
    """Inline markup of the changes inside one paragraph, escaped."""
    budget.spend(old.split(), new.split())
    out = []
    for tag, before, after in word_diff(old, new):
        if tag == "equal":
            out.append(escape(" ".join(before)))
            continue
        if before:
            out.append(f"<del>{escape(' '.join(before))}</del>")
        if after:
            out.append(f"<ins>{escape(' '.join(after))}</ins>")
    return " ".join(out)


def _similar(a, b, budget):
    a, b = a.split(), b.split()
    if max(len(a), len(b)) > MAX_COMPARED_WORDS:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.5:  # lengths alone rule it out
        return False
    budget.spend(a, b)
    return matcher.ratio() >= 0.5


def _deleted(text):
    return DiffLine("delete", mark_safe(f"<del>{escape(text)}</del>"))


def _inserted(text):
    return DiffLine("insert", mark_safe(f"<ins>{escape(text)}</ins>"))


def _pair_changed(old, new, budget):
    """Changed paragraphs: an edited paragraph shows word changes; the rest are deleted/inserted."""
    lines, i, j = [], 0, 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and _similar(old[i], new[j], budget):
            lines.append(DiffLine("change", mark_safe(_marked_changes(old[i], new[j], budget))))
            i, j = i + 1, j + 1
        elif i < len(old) and not any(_similar(old[i], n, budget) for n in new[j : j + LOOKAHEAD]):
            lines.append(_deleted(old[i]))
            i += 1
        elif j < len(new):
            lines.append(_inserted(new[j]))
            j += 1
        else:
            lines.append(_deleted(old[i]))
            i += 1
    return lines


def compare(old_texts, new_texts, *, budget=COMPARE_BUDGET):
    """What changed from one version to the next, paragraph by paragraph; every piece escaped.
    Bounded work: past `budget`, changed paragraphs are listed without word-level pairing."""
    # autojunk: paragraphs repeated all over a long version do not make the matching quadratic
    opcodes = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=True).get_opcodes()
    try:
        return _lines(opcodes, old_texts, new_texts, _Budget(budget))
    except _OverBudget:
        lines = _lines(opcodes, old_texts, new_texts, None)
        lines.detailed, lines.message = False, TOO_DIFFERENT
        return lines


def _lines(opcodes, old_texts, new_texts, budget):
    lines = Comparison()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            lines += [DiffLine("equal", mark_safe(escape(t))) for t in old_texts[i1:i2]]
        elif budget is None:
            lines += [_deleted(t) for t in old_texts[i1:i2]] + [_inserted(t) for t in new_texts[j1:j2]]
        else:
            lines += _pair_changed(old_texts[i1:i2], new_texts[j1:j2], budget)
    return lines
