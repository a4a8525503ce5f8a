"""Indicator values as a CSV file: all or nothing, with Swedish row-level errors.

The file is read with the roster import's helpers (organisation.rosterfiles: size limit, UTF-8 /
UTF-16 / Windows-1252, the separator sniffed from the header, formula neutralisation undone,
control characters refused). Every row is checked first (region, indicator, year, value, the
right to report for the region, duplicates); if any row is wrong nothing is written and every bad
row is reported. Otherwise all rows are written in one transaction.

Columns: Region;Indikator;År;Värde — the region by name ("Norrbotten" or "Region Norrbotten"), the
indicator by its code, the value with a decimal comma or point.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.models import Region
from kunskapsstyrning.organisation.rosterfiles import (
    RowError,
    _dialect,
    _has_control_characters,
    _unneutralise,
    csv_bytes,
    read,
)

from . import follow_up_services as services
from .models import CarePathway, Implementation, Indicator, IndicatorValue
from .models.indicators import MAX_YEAR, MIN_YEAR
from .permissions import REPORT_FOR_REGION

COLUMNS = ["Region", "Indikator", "År", "Värde"]
MAX_ROWS = 5000


@dataclass
class ValueRow:
    line: int
    region: Region
    indicator: Indicator
    year: int
    value: Decimal


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_csv(pathway: CarePathway) -> bytes:
    """An empty file with the columns and one example row per indicator."""
    rows = [COLUMNS] + [["Exempelregion", i.code, "", ""] for i in pathway.indicators.all()]
    return csv_bytes(rows)


def _decimal(text: str) -> Decimal | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        return None
    return value.quantize(Decimal("0.01"))


def parse(pathway: CarePathway, raw: bytes, by) -> tuple[list[ValueRow], list[RowError]]:
    """Check every row; write nothing."""
    text, errors = read(raw)
    if errors:
        return [], errors
    reader = None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text))
        header = [h.strip() for h in (reader.fieldnames or [])]
        if missing := [c for c in COLUMNS if c not in header]:
            return [], [RowError(1, _("Kolumner saknas: %(columns)s.") % {"columns": ", ".join(missing)})]
        records = []
        for record in reader:
            records.append((reader.line_num, record))
            if len(records) > MAX_ROWS:
                return [], [RowError(0, _("Filen har för många rader (högst %(max)s).") % {"max": MAX_ROWS})]
    except csv.Error:
        line = reader.line_num if reader is not None else 0
        return [], [
            RowError(line, _("Filen kunde inte läsas som CSV (ett fält är för långt eller felaktigt citerat)."))
        ]

    regions: dict[str, Region] = {}
    for region in Region.objects.all():
        regions[region.name.lower()] = region
        regions[f"region {region.name}".lower()] = region
    indicators = {i.code.lower(): i for i in pathway.indicators.all()}
    allowed: dict[int, bool] = {}
    rows: list[ValueRow] = []
    seen: dict[tuple[int, int, int], int] = {}
    for line, record in records:
        record = {k.strip(): _unneutralise((v or "").strip()) for k, v in record.items() if isinstance(k, str) and k}
        if not any(record.values()):
            continue
        if any(_has_control_characters(v) for v in record.values()):
            errors.append(RowError(line, _("Raden innehåller otillåtna tecken (till exempel NUL).")))
            continue
        before = len(errors)
        region_name = record.get("Region", "")
        region = regions.get(region_name.lower())
        if region is None:
            errors.append(RowError(line, _("Okänd region ”%(value)s”.") % {"value": region_name}))
        elif region.pk not in allowed:
            allowed[region.pk] = by.has_perm(REPORT_FOR_REGION, Implementation(pathway=pathway, region=region))
        if region is not None and not allowed[region.pk]:
            errors.append(RowError(line, _("Du får inte rapportera värden för %(region)s.") % {"region": region.name}))
        code = record.get("Indikator", "")
        indicator = indicators.get(code.lower())
        if indicator is None:
            errors.append(
                RowError(line, _("Vårdförloppet har ingen indikator med koden ”%(value)s”.") % {"value": code})
            )
        year_text = record.get("År", "")
        year = int(year_text) if year_text.isascii() and year_text.isdigit() and len(year_text) == 4 else None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            errors.append(
                RowError(
                    line,
                    _("År ”%(value)s” är inget giltigt år (%(min)s–%(max)s).")
                    % {"value": year_text, "min": MIN_YEAR, "max": MAX_YEAR},
                )
            )
            year = None
        value_text = record.get("Värde", "")
        value = _decimal(value_text) if value_text else None
        if value is None:
            errors.append(
                RowError(line, _("Värdet ”%(value)s” är inget tal (skriv t.ex. 72,5).") % {"value": value_text})
            )
        if region is not None and indicator is not None and year is not None:
            key = (region.pk, indicator.pk, year)
            if key in seen:
                errors.append(
                    RowError(
                        line,
                        _("Samma region, indikator och år finns redan på rad %(line)s (dubblett).")
                        % {"line": seen[key]},
                    )
                )
            seen.setdefault(key, line)
        if len(errors) == before:
            rows.append(ValueRow(line, region, indicator, year, value))
    if not rows and not errors:
        errors.append(RowError(0, _("Filen innehåller inga rader att importera.")))
    return rows, errors


def import_values(*, pathway: CarePathway, raw: bytes, by) -> ImportResult:
    """Import the file: every row or none."""
    if pathway.state not in services.FOLLOWED_STATES:
        return ImportResult(errors=[RowError(0, _("Vårdförloppet är inte publicerat och kan inte följas upp ännu."))])
    rows, errors = parse(pathway, raw, by)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    existing = {
        (v.indicator_id, v.region_id, v.year): v
        for v in IndicatorValue.objects.filter(
            indicator__pathway=pathway, year__in={r.year for r in rows}, region_id__in={r.region.pk for r in rows}
        )
    }
    with transaction.atomic():
        for row in rows:
            old = existing.get((row.indicator.pk, row.region.pk, row.year))
            if old is not None and old.value == row.value:
                result.unchanged += 1
                continue
            services._upsert(row.indicator, row.region, row.year, row.value, by)
            if old is None:
                result.created += 1
            else:
                result.changed += 1
    return result
