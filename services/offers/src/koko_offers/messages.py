"""User-facing messages of catalogue writes in German and English (other languages fall back to
German). Keys are referenced by `koko_offers.errors.Violation`."""

from __future__ import annotations

from koko_shared.i18n import register_messages

MESSAGES: dict[str, dict[str, str]] = {
    "permission_denied": {
        "de": "Sie haben keine Berechtigung, diesen Datensatz zu ändern.",
        "en": "You are not allowed to change this record.",
    },
    "not_found": {
        "de": "{what} '{value}' wurde nicht gefunden.",
        "en": "{what} '{value}' was not found.",
    },
    "version_conflict": {
        "de": "Der Datensatz wurde inzwischen geändert (Version {current}, Ihre Bearbeitung "
        "beruht auf Version {expected}). Bitte neu laden und erneut versuchen.",
        "en": "The record was changed in the meantime (version {current}, your edit is based "
        "on version {expected}). Reload it and try again.",
    },
    "invalid_id": {
        "de": "'{value}' ist keine gültige ID.",
        "en": "'{value}' is not a valid id.",
    },
    "wrong_id_type": {
        "de": "'{value}' ist keine ID vom Typ {expected}.",
        "en": "'{value}' is not the id of a {expected}.",
    },
    "too_long": {
        "de": "Höchstens {limit} Zeichen erlaubt (eingegeben: {length}).",
        "en": "At most {limit} characters are allowed (got {length}).",
    },
    "too_many": {
        "de": "Höchstens {limit} Einträge erlaubt (eingegeben: {count}).",
        "en": "At most {limit} entries are allowed (got {count}).",
    },
    "required": {
        "de": "Dieses Feld darf nicht leer sein.",
        "en": "This field must not be empty.",
    },
    "not_in_code_list": {
        "de": "'{value}' ist kein erlaubter Wert. Erlaubt sind: {allowed}.",
        "en": "'{value}' is not an allowed value. Allowed values: {allowed}.",
    },
    "invalid_language_tag": {
        "de": "'{value}' ist kein gültiges Sprachkürzel nach BCP 47 (z. B. 'ar', 'uk', 'fa-AF').",
        "en": "'{value}' is not a valid BCP 47 language tag (e.g. 'ar', 'uk', 'fa-AF').",
    },
    "invalid_ars": {
        "de": "'{value}' ist kein gültiger Regionalschlüssel (12 Ziffern, Land 01-16).",
        "en": "'{value}' is not a valid Regionalschlüssel (12 digits, state 01-16).",
    },
    "region_outside": {
        "de": "Die Region '{value}' liegt nicht in der Region '{parent}'.",
        "en": "Region '{value}' does not lie within region '{parent}'.",
    },
    "unknown_category": {
        "de": "Die Kategorie '{value}' gibt es nicht.",
        "en": "There is no category '{value}'.",
    },
    "unknown_course_type": {
        "de": "Die Kursart '{value}' gibt es nicht oder sie ist nicht mehr gültig.",
        "en": "There is no course type '{value}' valid today.",
    },
    "unknown_area": {
        "de": "Den Stadtteil/Sozialraum '{value}' gibt es in dieser Region nicht.",
        "en": "There is no area '{value}' in this region.",
    },
    "ages_order": {
        "de": "Das Mindestalter darf nicht über dem Höchstalter liegen.",
        "en": "The minimum age must not be above the maximum age.",
    },
    "age_range": {
        "de": "Das Alter muss zwischen 0 und 120 liegen.",
        "en": "The age must be between 0 and 120.",
    },
    "negative": {
        "de": "Der Wert darf nicht negativ sein.",
        "en": "The value must not be negative.",
    },
    "number_too_large": {
        "de": "Der Wert darf höchstens {limit} sein.",
        "en": "The value must be at most {limit}.",
    },
    "seats_exceed_capacity": {
        "de": "Es können nicht mehr Plätze belegt sein ({booked}) als vorhanden ({capacity}). "
        "Weitere Anmeldungen gehören auf die Warteliste.",
        "en": "Booked seats ({booked}) may not exceed the capacity ({capacity}). "
        "Further registrations go on the waitlist.",
    },
    "end_before_start": {
        "de": "Das Enddatum darf nicht vor dem Startdatum liegen.",
        "en": "The end date must not be before the start date.",
    },
    "deadline_after_start": {
        "de": "Der Anmeldeschluss darf nur bei laufendem Einstieg nach dem Kursbeginn liegen.",
        "en": "The registration deadline may only be after the start with rolling entry.",
    },
    "invalid_rrule": {
        "de": "Die Terminregel ist keine gültige RRULE nach RFC 5545: {reason}",
        "en": "The schedule is not a valid RFC 5545 RRULE: {reason}",
    },
    "rrule_frequency": {
        "de": "Die Terminregel darf höchstens viermal am Tag wiederholen (nicht {value}).",
        "en": "The schedule may repeat at most four times a day (not {value}).",
    },
    "rrule_unbounded": {
        "de": "Die Terminregel braucht COUNT oder UNTIL, oder der Kurs ein Enddatum.",
        "en": "The schedule needs COUNT or UNTIL, or the course run an end date.",
    },
    "rrule_count": {
        "de": "Die Terminregel darf höchstens {limit} Termine erzeugen.",
        "en": "The schedule may produce at most {limit} occurrences.",
    },
    "invalid_weekday": {
        "de": "Der Wochentag muss zwischen 1 (Montag) und 7 (Sonntag) liegen.",
        "en": "The weekday must be between 1 (Monday) and 7 (Sunday).",
    },
    "invalid_time": {
        "de": "'{value}' ist keine Uhrzeit im Format HH:MM.",
        "en": "'{value}' is not a time of day as HH:MM.",
    },
    "time_order": {
        "de": "Die Endzeit muss nach der Anfangszeit liegen.",
        "en": "The end time must be after the start time.",
    },
    "lat_range": {
        "de": "Der Breitengrad muss zwischen -90 und 90 liegen.",
        "en": "The latitude must be between -90 and 90.",
    },
    "lon_range": {
        "de": "Der Längengrad muss zwischen -180 und 180 liegen.",
        "en": "The longitude must be between -180 and 180.",
    },
    "coordinates_pair": {
        "de": "Breiten- und Längengrad müssen gemeinsam angegeben werden.",
        "en": "Latitude and longitude must be given together.",
    },
    "invalid_postal_code": {
        "de": "'{value}' ist keine deutsche Postleitzahl (5 Ziffern).",
        "en": "'{value}' is not a German postal code (5 digits).",
    },
    "invalid_url": {
        "de": "'{value}' ist keine gültige Webadresse (http:// oder https://).",
        "en": "'{value}' is not a valid web address (http:// or https://).",
    },
    "invalid_email": {
        "de": "'{value}' ist keine gültige E-Mail-Adresse.",
        "en": "'{value}' is not a valid e-mail address.",
    },
    "status_transition": {
        "de": "Der Status kann nicht von '{current}' auf '{target}' wechseln.",
        "en": "The status cannot change from '{current}' to '{target}'.",
    },
    "location_elsewhere": {
        "de": "Der Ort liegt nicht in der Region dieses Angebots.",
        "en": "The location is not in the region of this offer.",
    },
    "reference_not_owned": {
        "de": "{what} '{value}' gehört nicht zu Ihrer Organisation; Sie können nur auf Ihre "
        "eigenen Datensätze verweisen.",
        "en": "{what} '{value}' does not belong to your organization; you can only refer to "
        "your own records.",
    },
    "offer_elsewhere": {
        "de": "Das Angebot '{value}' liegt nicht in der Region dieses Bildungswegs.",
        "en": "Offer '{value}' is not in the region of this pathway.",
    },
    "step_not_in_pathway": {
        "de": "Der Schritt '{value}' gehört nicht zu diesem Bildungsweg.",
        "en": "Step '{value}' does not belong to this pathway.",
    },
    "duplicate_step": {
        "de": "Der Schritt '{value}' ist mehrfach angegeben.",
        "en": "Step '{value}' is given more than once.",
    },
    "not_translatable": {
        "de": "Das Feld '{value}' ist nicht übersetzbar. Übersetzbar sind: {allowed}.",
        "en": "Field '{value}' cannot be translated. Translatable fields: {allowed}.",
    },
    "german_is_source": {
        "de": "Deutsch ist die Ausgangssprache; ändern Sie den Datensatz selbst.",
        "en": "German is the source language; edit the record itself.",
    },
    "no_source_text": {
        "de": "Das Feld hat keinen deutschen Ausgangstext, der übersetzt werden könnte.",
        "en": "The field has no German source text to translate.",
    },
    "translation_state": {
        "de": "Eine Übersetzung kann nur als 'up_to_date' oder 'machine_translated' "
        "gespeichert werden.",
        "en": "A translation can only be stored as 'up_to_date' or 'machine_translated'.",
    },
    "entity.Offer": {"de": "Angebot", "en": "Offer"},
    "entity.Provider": {"de": "Träger", "en": "Provider"},
    "entity.Location": {"de": "Ort", "en": "Location"},
    "entity.CourseRun": {"de": "Kursdurchgang", "en": "Course run"},
    "entity.Pathway": {"de": "Bildungsweg", "en": "Pathway"},
    "entity.PathwayStep": {"de": "Schritt", "en": "Step"},
    "entity.Region": {"de": "Region", "en": "Region"},
    "entity.offer": {"de": "Angebot", "en": "Offer"},
    "entity.provider": {"de": "Träger", "en": "Provider"},
    "entity.location": {"de": "Ort", "en": "Location"},
    "entity.pathway": {"de": "Bildungsweg", "en": "Pathway"},
    "entity.pathway_step": {"de": "Schritt", "en": "Step"},
    "synonym_words": {
        "de": "Höchstens {limit} Wörter aus Buchstaben und Ziffern erlaubt.",
        "en": "At most {limit} words of letters and digits are allowed.",
    },
    "synonym_same": {
        "de": "Ein Ausdruck ist nicht sein eigenes Synonym.",
        "en": "A phrase is not its own synonym.",
    },
    "synonym_weight": {
        "de": "Das Gewicht muss zwischen {low} und {high} liegen.",
        "en": "The weight must lie between {low} and {high}.",
    },
    "synonym_exists": {
        "de": "'{phrase}' bedeutet bereits '{expansion}'.",
        "en": "'{phrase}' already means '{expansion}'.",
    },
    "entity.SearchSynonym": {"de": "Suchsynonym", "en": "Search synonym"},
    "stored_data_conflict": {
        "de": "Die Eingabe verträgt sich nicht mit den gespeicherten Daten ({constraint}).",
        "en": "The input is not consistent with the stored data ({constraint}).",
    },
}


def register() -> None:
    register_messages(MESSAGES)
