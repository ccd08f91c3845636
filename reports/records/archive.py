"""The conference record embedded in an archival PDF (PDF/A-3, reports/signing/archiving.py):
the file name it is embedded under, and reading it back for `import_conference`."""

import io

from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader

RECORD_ATTACHMENT = "ho-so-hoi-nghi.json"


class NoRecordInPdf(Exception):
    pass


def is_pdf(raw):
    return raw[:1024].lstrip().startswith(b"%PDF-")


def record_from_pdf(raw):
    """The bytes of the record's JSON embedded in the PDF `raw`; NoRecordInPdf with a reason."""
    try:
        reader = PdfFileReader(io.BytesIO(raw), strict=False)
        names = reader.root["/Names"] if "/Names" in reader.root else {}
        embedded = names["/EmbeddedFiles"] if "/EmbeddedFiles" in names else {}
        flat = embedded["/Names"] if "/Names" in embedded else []
        found = []
        for i in range(0, len(flat) - 1, 2):
            spec = flat[i + 1]
            filename = str(spec["/UF"] if "/UF" in spec else spec["/F"] if "/F" in spec else flat[i])
            if filename.endswith(".json"):
                found.append((filename != RECORD_ATTACHMENT, spec["/EF"]["/F"].data))
    except (PdfReadError, KeyError, TypeError, ValueError) as exc:
        raise NoRecordInPdf(f"không đọc được tệp PDF ({exc})") from exc
    if not found:
        raise NoRecordInPdf("tệp PDF không đính kèm hồ sơ hội nghị (JSON)")
    return sorted(found, key=lambda item: item[0])[0][1]
