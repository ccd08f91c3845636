"""The two signatures of an issued report (Decree 30/2020, Appendix I), with pyHanko.

1. The competent person's signature (PAdES; B-T when a timestamp authority is configured), whose
   appearance is the image of their handwritten signature, centred between the title line and
   the printed name of the signer block. It is the document's certification signature: PDF
   allows certification only as the first signature, so it certifies with DocMDP level 2 (only
   filling in forms and signing allowed), which lets the organisation sign after it.
2. The organisation's signature, whose appearance is the seal image covering about a third of
   the person's signature on the left, with the organisation's name and the signing time
   (ISO 8601, Vietnam time). Its field is made, empty, in the person's revision, with a field
   lock that sets DocMDP level 1: once the organisation has signed, no change at all is allowed.
"""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.utils import timezone
from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image
from pyhanko import stamp
from pyhanko.pdf_utils import generic, layout, text
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage, pil_image
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.signers.pdf_cms import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from reports.signing.models import vietnam_iso

# The report's own font (Liberation Serif, reports/final/print/fonts/), for Vietnamese text.
FONT = Path(__file__).resolve().parent.parent / "final" / "print" / "fonts" / "LiberationSerif-Regular.ttf"
MM = 72 / 25.4
SIGNER_FIELD = "ChuKyNguoiCoThamQuyen"
ORGANISATION_FIELD = "ChuKyCoQuanToChuc"
# Named destinations the print template puts on the signer block (reports/pdf/signature.html).
SIGNATURE_ANCHOR = "khoi-chu-ky"
SIGNER_NAME_ANCHOR = "ho-ten-nguoi-ky"
SIGNATURE_BYTES_RESERVED = 16384
SIGNATURE_WIDTH_MM = 50
SIGNATURE_HEIGHT_MM = 22


class _ThousandUnitGlyphs(GlyphAccumulator):
    """pyHanko writes the glyph widths of an embedded TrueType font (/W) in the font's own units,
    where PDF expects thousandths of an em: with Liberation Serif (2048 units to the em) every
    glyph was drawn twice as far apart. Shaping and widths are done in thousandths here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._to_thousandths = 1000 / self.units_per_em
        self.hb_font.scale = (1000, 1000)
        self.units_per_em = 1000

        # The font program is embedded from the process-wide cache (see _extract_subset).
        self.cidfont_obj.set_font_file = self._set_font_file

    def _get_cid_and_width(self, glyph_id):
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = (cid, round(width * self._to_thousandths))
        return self._glyphs[glyph_id]

    def _extract_subset(self, options=None):
        """Subsetting, saving and compressing the font for every signature took a quarter of its
        time, for the same few glyphs (the organisation's name and the digits of the time): the
        compressed program of each glyph set is kept for the process."""
        key = frozenset(self._glyphs)
        self._program = _FONT_PROGRAMS.get(key)
        if self._program is None:
            super()._extract_subset(options)
            program = io.BytesIO()
            self.tt.save(program)
            stream = generic.StreamObject(stream_data=program.getvalue())
            stream.compress()
            self._program = stream.encoded_data
            if len(_FONT_PROGRAMS) >= 64:
                _FONT_PROGRAMS.clear()
            _FONT_PROGRAMS[key] = self._program

    def _set_font_file(self, writer):
        stream = generic.StreamObject(
            {"/Filter": generic.pdf_name("/FlateDecode")}, encoded_data=self._program
        )
        ref = writer.add_object(stream)
        self.cidfont_obj._font_descriptor[generic.pdf_name("/FontFile2")] = ref
        return ref


# Compressed TrueType programs of the appearance font, by the set of glyph ids they hold.
_FONT_PROGRAMS = {}


@functools.cache
def _appearance_font():
    """The report's font cut down once per process to what appearances print (Latin, Vietnamese,
    digits and punctuation, no layout tables nor hinting): pyHanko subsets the font it is given
    for every signature, and a small font is subset in a fraction of the time."""
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x323), (0x1EA0, 0x1EF9), (0x2010, 0x2027)]
    subsetter.populate(unicodes=[c for start, end in ranges for c in range(start, end + 1)])
    font = TTFont(str(FONT))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _FontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _ThousandUnitGlyphs(
            writer=writer,
            font_handle=io.BytesIO(_appearance_font()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _frozen_stream(stream):
    smask = stream.raw_get("/SMask") if "/SMask" in stream else None
    entries = {k: v for k, v in stream.items() if k not in ("/SMask", "/Length")}
    return entries, stream.encoded_data, _frozen_stream(smask.get_object()) if smask is not None else None


def _add_stream(writer, frozen):
    entries, data, smask = frozen
    stream = generic.StreamObject(dict(entries), encoded_data=data)
    if smask is not None:
        stream["/SMask"] = _add_stream(writer, smask)
    return writer.add_object(stream)


@functools.lru_cache(maxsize=16)
def _decoded_image(data):
    """The image of `data` (PNG or JPEG bytes) and its XObject streams (image and alpha mask),
    compressed: decoding and compressing the same seal for every signature is kept for the
    process."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, _frozen_stream(pil_image(image, PdfFileWriter()).get_object())


class _CachedImage(PdfImage):
    """pyHanko's image content, drawn from the process-wide decoded image."""

    def __init__(self, path):
        image, self._frozen = _decoded_image(Path(path).read_bytes())
        super().__init__(image)

    @property
    def image_ref(self):
        if self._image_ref is None or self._image_ref.get_pdf_handler() is not self.writer:
            self._image_ref = _add_stream(self.writer, self._frozen)
        return self._image_ref


@dataclass
class Placement:
    page: int  # 0-based
    signer_box: tuple
    seal_box: tuple


def _destinations(reader):
    names = reader.root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    flat = names["/Dests"].get("/Names", [])
    pages = [ref.idnum for ref in _page_refs(reader)]
    result = {}
    for i in range(0, len(flat) - 1, 2):
        name, dest = flat[i], flat[i + 1]
        if hasattr(dest, "get_object"):
            dest = dest.get_object()
        if isinstance(dest, dict):
            dest = dest["/D"]
        page_ref = dest.raw_get(0) if hasattr(dest, "raw_get") else dest[0]
        if hasattr(page_ref, "idnum") and page_ref.idnum in pages:
            result[str(name)] = (pages.index(page_ref.idnum), float(dest[2]), float(dest[3]))
    return result


def _page_refs(reader):
    return [reader.find_page_for_modification(i)[0] for i in range(int(reader.root["/Pages"]["/Count"]))]


def placement(reader, *, seal_diameter_mm, margin_right_mm):
    """Where the two signatures go: between the signer's title and name (the anchors the print
    template leaves), else at the bottom right of the last page."""
    count = int(reader.root["/Pages"]["/Count"])
    media = reader.find_page_for_modification(count - 1)[0].get_object()["/MediaBox"]
    page_width = float(media[2])
    dests = _destinations(reader)
    w, h = SIGNATURE_WIDTH_MM * MM, SIGNATURE_HEIGHT_MM * MM
    if SIGNATURE_ANCHOR in dests and SIGNER_NAME_ANCHOR in dests:
        page, cell_left, _ = dests[SIGNATURE_ANCHOR]
        _, _, name_top = dests[SIGNER_NAME_ANCHOR]
        centre_x = (cell_left + page_width - margin_right_mm * MM) / 2
        # The space above the printed name (its 28 mm top margin, print.css).
        bottom = name_top + 2 * MM
        centre_y = bottom + 12 * MM
    else:
        page = count - 1
        centre_x = page_width - margin_right_mm * MM - 45 * MM
        centre_y = 70 * MM
    signer_box = (centre_x - w / 2, centre_y - h / 2, centre_x + w / 2, centre_y + h / 2)
    d = seal_diameter_mm * MM
    # The seal covers about a third of the signature image, on its left; the organisation's box
    # reaches to the signature's right edge, its name and the time written under the signature.
    seal_right = signer_box[0] + w / 3
    seal_box = (seal_right - d, centre_y - d / 2, signer_box[2], centre_y + d / 2)
    return Placement(page, tuple(round(v) for v in signer_box), tuple(round(v) for v in seal_box))


class _LoadedKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner parses (and checks) the private key again for every signature it
    makes: a large part of the signing time with RSA keys. This one signs with the key already
    loaded from the PKCS#12 file."""

    def __init__(self, *, pyca_key, **kwargs):
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._pyca_key, RSAPrivateKey):
            return self._pyca_key.sign(data, PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(self._pyca_key, EllipticCurvePrivateKey):
            return self._pyca_key.sign(data, ECDSA(hash_algo))
        return super().sign_raw(data, digest_algorithm)


@functools.lru_cache(maxsize=64)
def _asn1_certificate_der(der):
    """The certificate read once per process: pyHanko reads its fields (issuer, serial number,
    extensions) for every signature, and a certificate read before costs a fifth of the signing
    time less. pyHanko only reads them, like the certificates its own signers keep."""
    return asn1_x509.Certificate.load(der)


def _asn1_certificate(certificate):
    return _asn1_certificate_der(certificate.public_bytes(Encoding.DER))


def _simple_signer(credentials):
    """The pyHanko signer of `credentials`: a PKCS#11 one for a key on a token, else one holding
    the key of a PKCS#12 file."""
    if credentials.__class__.__name__ == "TokenCredentials":
        from pyhanko.sign.pkcs11 import PKCS11Signer

        return PKCS11Signer(
            credentials.session,
            key_label=credentials.key_label,
            signing_cert=asn1_x509.Certificate.load(credentials.certificate.public_bytes(Encoding.DER)),
        )
    certificate, *chain = (_asn1_certificate(c) for c in [credentials.certificate, *credentials.chain])
    store = SimpleCertificateStore()
    store.register_multiple(chain)
    # asn1crypto reads the key as it is (cryptography's loader would check the RSA key again).
    key = asn1_keys.PrivateKeyInfo.load(
        credentials.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    )
    signer = _LoadedKeySigner(
        pyca_key=credentials.key, signing_key=key, signing_cert=certificate, cert_registry=store
    )
    signer.bytes_reserved = _bytes_reserved([certificate, *chain], getattr(credentials.key, "key_size", 4096))
    return signer


def _bytes_reserved(certificates, key_bits):
    """Room (hexadecimal digits) for a signature container holding `certificates`: their DER,
    the signature (an ECDSA one is at most twice the key size, plus its framing) and 2 KB for
    the signed attributes and the CMS structure (about 600 bytes). The next signature reads the
    whole reserved room: sized to the certificates, not to a fixed 8 KB."""
    size = sum(len(c.dump()) for c in certificates) + 2 * ((key_bits + 7) // 8) + 16 + 2048
    return 2 * (-(-size // 512) * 512)


def _reserved(signer, fixed_room):
    if not fixed_room:
        return None
    return getattr(signer, "bytes_reserved", SIGNATURE_BYTES_RESERVED)


def vietnam_time_iso(moment):
    """ISO 8601 in Vietnam time, to the second: 2016-12-27T15:04:05+07:00."""
    return vietnam_iso(moment)


def sign_report(
    pdf,
    *,
    signer,
    organisation,
    organisation_name,
    signature_image,
    seal_image,
    seal_diameter_mm=36,
    margin_right_mm=15,
    tsa_url="",
    signed_at=None,
):
    """The signed original of `pdf` (bytes): the person's certification signature, then the
    organisation's, each appended as an incremental update (the original bytes are kept as
    they are at the start of the file). Returns (signed bytes, signing time)."""
    signed_at = signed_at or timezone.now()
    font = _FontFactory(str(FONT))
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    # Room for each signature container (certificates, signature): computed from the certificates
    # (a key on a token: a fixed 8 KB), which spares pyHanko a trial signature to measure it; with
    # a timestamp token, whose size is unknown, it measures.
    fixed_room = not tsa_url
    reader = PdfFileReader(io.BytesIO(pdf))
    where = placement(reader, seal_diameter_mm=seal_diameter_mm, margin_right_mm=margin_right_mm)

    # 1. The person: the handwritten signature image, certification (forms and signing allowed).
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # The organisation's field is made empty in the same revision, before the certification: a
    # certified document may then have it signed (a new visible field would be a change).
    fields.append_signature_field(
        writer,
        fields.SigFieldSpec(
            ORGANISATION_FIELD,
            on_page=where.page,
            box=where.seal_box,
            field_mdp_spec=fields.FieldMDPSpec(action=fields.FieldMDPAction.ALL),
            doc_mdp_update_value=MDPPerm.NO_CHANGES,
        ),
    )
    person_style = stamp.TextStampStyle(
        stamp_text=" ",
        border_width=0,
        background=_CachedImage(signature_image) if signature_image else None,
        background_opacity=1,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID
        ),
    )
    person = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=SIGNER_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            certify=True,
            docmdp_permissions=MDPPerm.FILL_FORMS,
            use_pades_lta=False,
            name=signer.subject,
            location=organisation_name,
        ),
        signer=_simple_signer(signer),
        timestamper=timestamper,
        stamp_style=person_style,
        new_field_spec=fields.SigFieldSpec(SIGNER_FIELD, on_page=where.page, box=where.signer_box),
    )
    once = person.sign_pdf(writer, bytes_reserved=_reserved(person.signer, fixed_room)).getvalue()

    # 2. The organisation: the seal, its name and the time; locks the document (no changes).
    writer = IncrementalPdfFileWriter(io.BytesIO(once))
    seal_style = stamp.TextStampStyle(
        stamp_text=f"{organisation_name}\n{vietnam_time_iso(signed_at)}",
        border_width=0,
        background=_CachedImage(seal_image),
        background_opacity=1,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID
        ),
        text_box_style=text.TextBoxStyle(font=font, font_size=6),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=1, right=1, bottom=2, top=1),
        ),
    )
    seal = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=ORGANISATION_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            docmdp_permissions=MDPPerm.NO_CHANGES,
            name=organisation_name,
        ),
        signer=_simple_signer(organisation),
        timestamper=timestamper,
        stamp_style=seal_style,
    )
    return seal.sign_pdf(writer, bytes_reserved=_reserved(seal.signer, fixed_room)).getvalue(), signed_at
