"""The JSON representation of one conference record (format "frontwork.conference", version 2),
described in docs/conference-record-format.md: `exporting.export_record` writes it;
`importing.import_record` reads it back (version 1 files too), checking every field first and
saving nothing unless the whole file is valid."""

FORMAT_NAME = "frontwork.conference"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# Version 1's kinds named the period; each is read as (kind, period) of version 2.
V1_KINDS = {
    "monthly": ("briefing", "month"),
    "quarterly": ("briefing", "quarter"),
    "six_month": ("briefing", "half_year"),
    "annual": ("briefing", "year"),
    "ad_hoc": ("thematic", ""),
}
