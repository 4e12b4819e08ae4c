# ruff: noqa: E501 (one line per entry reads better than wrapped sentences)
"""The words of the monitoring report in German and English."""

from __future__ import annotations

from datetime import date, datetime

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Monitoringbericht",
        "subtitle": "Integration durch Bildung: Kennzahlen für den Rat",
        "as_of": "Stichtag",
        "made": "Erstellt",
        "page": "Seite",
        "page_of": "von",
        "release_line": "Quelle: {study}, Veröffentlichung {number} vom {published} (Datenstand {cut_off})",
        "catalogue_line": "Quelle: Kursangebot und Akteursnetzwerk in Koko, öffentlicher Stand am {day}",
        "disclosure": "Geheimhaltung: Fallzahlen sind mit dem Cell-Key-Verfahren um bis zu ±{perturbation} verändert, auch kleine Zahlen (Nullen bleiben Null). „.“ = Anteil gesperrt (Anteile erst ab {min_rate} Befragten); „–“ = nichts veröffentlicht.",
        "catalogue_note": "Angaben der Kursträger, wie sie öffentlich veröffentlicht sind; freie Plätze nach letzter Meldung.",
        "indicators": "Kennzahlen nach Gebiet",
        "indicators_intro": "Anteile der Befragten je Gebiet, die Kategorien einer Kennzahl nebeneinander (in %); in Klammern die Zahl der Befragten (Nenner).",
        "wave": "Erhebungswelle",
        "area": "Gebiet",
        "share": "Anteil",
        "base": "Befragte",
        "total": "Insgesamt",
        "unknown_area": "Stadtteil unbekannt",
        "flows_study_region": "Übergänge veröffentlicht die Studie nur für ihre ganze Region: Die Zahlen gelten für {study_region}, nicht für {region} allein.",
        "demand_line": "Bedarf:",
        "no_demand_release": "Bedarf: keine veröffentlichte Erstbefragung in dieser Region („–“).",
        "no_area_breakdown": "Der Tabellenplan dieser Veröffentlichung enthält keine Werte nach Gebieten; Kennzahlen gibt es nur für die ganze Studienregion.",
        "no_areas_inside": "Die Veröffentlichung enthält keine Werte für Gebiete in {region}; ihre Kennzahlen gelten für die ganze Studienregion {study_region} und werden hier nicht als Werte für {region} gezeigt.",
        "narrowed": "Gezeigt sind die veröffentlichten Werte der Gebiete in {region}; die letzte Zeile ist die ganze Studienregion {study_region}.",
        "study_region_total": "{name} insgesamt (Studienregion)",
        "flows": "Verbleib der Schulabgänger: von Welle zu Welle",
        "flows_intro": "Zeilen: Verbleib in der früheren Welle; Spalten: Verbleib in der späteren Welle (Anzahl Personen).",
        "no_flows": "Diese Veröffentlichung enthält keine Übergänge von Welle zu Welle.",
        "from": "von",
        "to": "nach",
        "persons": "Personen",
        "gap": "Sprachkursplätze und Bedarf nach Niveau",
        "gap_intro": "Neuzugewanderte, die einen Kurs ab diesem Niveau brauchen, gegen freie Plätze der Kurse, die in den 26 Wochen ab dem Stichtag auf diesem Niveau beginnen (Bedarf aus den veröffentlichten Erstbefragungen).",
        "level": "Niveau",
        "demand": "Bedarf (Personen)",
        "free_seats": "Freie Plätze",
        "upcoming": "Kursstarts",
        "balance": "Fehlende Plätze",
        "no_gap": "Für diese Region sind keine Sprachkurse oder Bedarfe veröffentlicht.",
        "gap_by_region": "Nach Gemeinden: Bedarf / freie Plätze",
        "municipality": "Gemeinde",
        "months": "Kursstarts und freie Plätze der letzten 12 Monate",
        "months_intro": "Veröffentlichte Kursdurchgänge nach Monat des Kursbeginns; freie Plätze nach letzter Meldung der Träger.",
        "month": "Monat",
        "starts": "Kursstarts",
        "unlimited": "ohne Platzgrenze",
        "coverage": "Abdeckung der Handlungsfelder im Netzwerk",
        "coverage_intro": "Veröffentlichte Akteure je Handlungsfeld und Gebiet; 0 = niemand deckt das Feld dort ab.",
        "covered_share": "Abgedeckte Felder",
        "field": "Handlungsfeld",
        "actors": "Akteure",
        "no_coverage": "Für diese Region ist kein Netzwerk veröffentlicht.",
        "months_names": "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez",
        "decimal": ",",
    },
    "en": {
        "title": "Monitoring report",
        "subtitle": "Integration through education: figures for the council",
        "as_of": "Reference date",
        "made": "Made",
        "page": "Page",
        "page_of": "of",
        "release_line": "Source: {study}, release {number} of {published} (data up to {cut_off})",
        "catalogue_line": "Source: course catalogue and actor network in Koko, as published on {day}",
        "disclosure": "Disclosure control: counts are perturbed by the cell key method by up to ±{perturbation}, small counts too (zeros stay zero). '.' = share withheld (shares only from {min_rate} respondents); '–' = nothing released.",
        "catalogue_note": "Information from the course providers as published; free places as last reported.",
        "indicators": "Indicators by area",
        "indicators_intro": "Shares of respondents per area, the categories of an indicator side by side (in %); in brackets the number of respondents (denominator).",
        "wave": "Wave",
        "area": "Area",
        "share": "Share",
        "base": "Respondents",
        "total": "Total",
        "unknown_area": "Area not known",
        "flows_study_region": "The study releases transitions for its whole region only: the numbers are {study_region}'s, not {region}'s alone.",
        "demand_line": "Demand:",
        "no_demand_release": "Demand: no released intake survey in this region ('–').",
        "no_area_breakdown": "The table plan of this release publishes no figures by area; there are figures for the study's whole region only.",
        "no_areas_inside": "The release publishes no figures for areas in {region}; its figures are those of the study's whole region {study_region} and are not shown here as {region}'s.",
        "narrowed": "Shown are the released figures of the areas in {region}; the last row is the study's whole region {study_region}.",
        "study_region_total": "{name} as a whole (study region)",
        "flows": "Where school leavers went: wave to wave",
        "flows_intro": "Rows: destination in the earlier wave; columns: destination in the later wave (persons).",
        "no_flows": "This release holds no transitions from wave to wave.",
        "from": "from",
        "to": "to",
        "persons": "persons",
        "gap": "Language-course seats against demand by level",
        "gap_intro": "Newcomers needing a course from this level on, against free places of courses starting at this level in the 26 weeks from the reference date (demand from the released intake surveys).",
        "level": "Level",
        "demand": "Demand (persons)",
        "free_seats": "Free places",
        "upcoming": "Course starts",
        "balance": "Places missing",
        "no_gap": "No language courses or demand are published for this region.",
        "gap_by_region": "By municipality: demand / free places",
        "municipality": "Municipality",
        "months": "Course starts and free places over the last 12 months",
        "months_intro": "Published course runs by month of their start; free places as last reported by the providers.",
        "month": "Month",
        "starts": "Course starts",
        "unlimited": "no seat limit",
        "coverage": "The network's coverage of the fields of action",
        "coverage_intro": "Published actors per field of action and area; 0 = nobody covers the field there.",
        "covered_share": "Cells covered",
        "field": "Field of action",
        "actors": "Actors",
        "no_coverage": "No network is published for this region.",
        "months_names": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "decimal": ".",
    },
}

LANGUAGES = tuple(WORDS)


def words(language: str) -> dict[str, str]:
    return WORDS[language if language in WORDS else "de"]


def day(value: date | datetime | None, language: str) -> str:
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if language == "de" else value.strftime("%Y-%m-%d")


def month(value: date, language: str) -> str:
    return f"{words(language)['months_names'].split()[value.month - 1]} {value.year}"


def percent(rate: float, language: str) -> str:
    return f"{rate * 100:.1f}".replace(".", words(language)["decimal"]) + " %"
