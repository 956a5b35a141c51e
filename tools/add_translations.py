"""Add English translations to the en catalogue, skipping msgids it already has.

Usage: python tools/add_translations.py < pairs.tsv   (one `Vietnamese<TAB>English` a line)
Then `make i18n-update` keeps the files tidy; `make` compiles them.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "workflow_app/web/translations/en/LC_MESSAGES/messages.po"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def main() -> None:
    with PO.open("rb") as handle:
        known = {message.id for message in read_po(handle, locale="en")}
    entries = []
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        vietnamese, english = line.split("\t")
        if vietnamese not in known:
            known.add(vietnamese)
            entries.append(f'\nmsgid "{_escape(vietnamese)}"\nmsgstr "{_escape(english)}"\n')
    with PO.open("a") as handle:
        handle.write("".join(entries))
    print(f"added {len(entries)} translations")


if __name__ == "__main__":
    main()
