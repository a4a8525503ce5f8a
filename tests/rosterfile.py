"""Roster files as people save them, for the import tests: the export's header and rows typed as
text (already joined with semicolons, quoted or broken as the test needs), CRLF line ends.

The one helper for every test that builds a file by hand; rosterfiles.csv_bytes is the portal's
own writer (it quotes cells, so it cannot make the broken files these tests need)."""

HEADER = "Förnamn;Efternamn;E-post;Roll;Företräder;Mandat från;Mandat till och med\r\n"


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode(encoding)
