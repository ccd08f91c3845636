"""The final report's PDF: the print HTML (reports/final/document.py) rendered by WeasyPrint with
the project's own fonts and stylesheet and nothing else. Only the worker imports this module.

The renderer may fetch only files inside reports/final/print/ (fonts and CSS); any other URL (network,
other files, data: URLs) is refused, so text typed by users cannot make it read anything.
"""

import functools
import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PRINT_DIR = (Path(__file__).resolve().parent / "print").resolve()
PRINT_BASE_URL = PRINT_DIR.as_uri() + "/"
ASSET_TYPES = {".css": "text/css", ".ttf": "font/ttf"}


class PrintAssetFetcher(URLFetcher):
    """Serves the print assets and refuses every other URL (the refused ones are kept in `refused`)."""

    def __init__(self):
        super().__init__(allowed_protocols=["file"])
        self.refused = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if (
            path is None
            or not path.is_relative_to(PRINT_DIR)
            or path.suffix not in ASSET_TYPES
            or not path.is_file()
        ):
            self.refused.append(url)
            raise ValueError(f"The report renderer refuses {url[:200]!r}.")
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": ASSET_TYPES[path.suffix]}
        )


def layout_css(layout):
    """The parts of the layout that each issuing unit may set."""
    return f"""
@page {{ margin: {layout.margin_top_mm}mm {layout.margin_right_mm}mm {layout.margin_bottom_mm}mm {layout.margin_left_mm}mm; }}
html {{ font-size: {layout.font_size_pt}pt; }}
.body p {{ text-indent: {layout.first_line_indent_cm}cm; margin-bottom: {layout.paragraph_spacing_pt}pt;
           line-height: {layout.line_spacing}; }}
"""


class RenderedPdf:
    def __init__(self, content, page_count):
        self.content = content
        self.page_count = page_count
        self.sha256 = hashlib.sha256(content).hexdigest()


@functools.cache
def _print_stylesheet():
    """The fonts and the print stylesheet, loaded once per process: a worker that renders many
    reports parses them once (WeasyPrint's CSS and FontConfiguration objects are reusable)."""
    fonts = FontConfiguration()
    return fonts, CSS(url=PRINT_BASE_URL + "print.css", url_fetcher=PrintAssetFetcher(), font_config=fonts)


@functools.lru_cache(maxsize=64)
def _layout_stylesheet(css):
    fonts, _ = _print_stylesheet()
    return CSS(string=css, base_url=PRINT_BASE_URL, url_fetcher=PrintAssetFetcher(), font_config=fonts)


def render_pdf(html, layout, fetcher=None, **write_options):
    """The PDF of a print HTML document, with the project's fonts and stylesheets only
    (`write_options` go to WeasyPrint's write_pdf: pdf_variant, attachments)."""
    fonts, print_css = _print_stylesheet()
    document = HTML(string=html, base_url=PRINT_BASE_URL, url_fetcher=fetcher or PrintAssetFetcher()).render(
        stylesheets=[print_css, _layout_stylesheet(layout_css(layout))], font_config=fonts
    )
    return RenderedPdf(document.write_pdf(**write_options), len(document.pages))
