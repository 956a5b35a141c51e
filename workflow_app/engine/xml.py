"""Parse model XML without ever resolving entities or fetching anything."""

from __future__ import annotations

from lxml import etree

MAX_XML_BYTES = 5 * 1024 * 1024


class UnsafeXml(ValueError):
    """The XML is malformed, too large, or declares a DOCTYPE or entities."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_model_xml(content: bytes | str, filename: str = "") -> etree._Element:
    """Return the root element of a BPMN or DMN file, refusing any DOCTYPE.

    A model never needs a DTD; refusing every DOCTYPE stops external entities
    (XXE) and entity expansion (billion laughs) before lxml sees them.
    """
    raw = content.encode("utf-8") if isinstance(content, str) else content
    if len(raw) > MAX_XML_BYTES:
        raise UnsafeXml(f"{filename}: file larger than {MAX_XML_BYTES // (1024 * 1024)} MB")
    try:
        root = etree.fromstring(raw, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise UnsafeXml(f"{filename}: XML is not well-formed: {error}") from error
    if root.getroottree().docinfo.doctype:
        raise UnsafeXml(f"{filename}: DOCTYPE and entity declarations are not allowed")
    return root
