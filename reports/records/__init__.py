"""The JSON representation of one conference record (format "frontwork.conference", version 1),
described in docs/conference-record-format.md: `exporting.export_record` writes it;
`importing.import_record` reads it back, checking every field first and saving nothing unless the
whole file is valid."""

FORMAT_NAME = "frontwork.conference"
FORMAT_VERSION = 1
