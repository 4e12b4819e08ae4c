"""User-facing messages of the actor network's writes in German and English (registered beside
the catalogue's; other languages fall back to German)."""

from __future__ import annotations

from koko_shared.i18n import register_messages

MESSAGES: dict[str, dict[str, str]] = {
    "unknown_field_of_action": {
        "de": "Das Handlungsfeld '{value}' gibt es nicht oder es ist nicht mehr gültig.",
        "en": "There is no field of action '{value}' valid today.",
    },
    "unknown_target_group": {
        "de": "'{value}' ist keine Zielgruppe. Erlaubt sind: {allowed}.",
        "en": "'{value}' is not a target group. Allowed values: {allowed}.",
    },
    "validity_order": {
        "de": "'Gültig bis' darf nicht vor 'Gültig ab' liegen.",
        "en": "'Valid to' must not be before 'valid from'.",
    },
    "name_from_provider": {
        "de": "Der Name eines verknüpften Trägers kommt aus dem Träger; geben Sie keinen eigenen "
        "Namen an.",
        "en": "The name of a linked provider comes from the provider; do not give a name of "
        "its own.",
    },
    "provider_already_actor": {
        "de": "Der Träger '{value}' ist bereits als Akteur im Netzwerk eingetragen.",
        "en": "Provider '{value}' already takes part in the network as an actor.",
    },
    "provider_elsewhere": {
        "de": "Der Träger '{value}' liegt nicht in der Region dieses Netzwerks.",
        "en": "Provider '{value}' is not in the region of this network.",
    },
    "consent_required": {
        "de": "Eine namentlich genannte Kontaktperson braucht das Datum ihrer Einwilligung.",
        "en": "A named contact person needs the date of their recorded consent.",
    },
    "consent_in_future": {
        "de": "Das Datum der Einwilligung darf nicht in der Zukunft liegen.",
        "en": "The date of consent must not be in the future.",
    },
    "personal_contact": {
        "de": "'{value}' sieht nach einer persönlichen Adresse aus. Geben Sie ein "
        "Funktionspostfach an oder erfassen Sie Kontaktperson und Einwilligung.",
        "en": "'{value}' looks like a personal address. Give a function mailbox, or record "
        "the contact person and their consent.",
    },
    "published_by_coordinator": {
        "de": "Was veröffentlicht wird, entscheidet die Koordination der Region.",
        "en": "What is published is decided by the region's coordinators.",
    },
    "actor_elsewhere": {
        "de": "Der Akteur '{value}' gehört nicht zum Netzwerk dieser Region.",
        "en": "Actor '{value}' does not belong to this region's network.",
    },
    "group_elsewhere": {
        "de": "Die Arbeitsgruppe '{value}' gehört nicht zum Netzwerk dieser Region.",
        "en": "Working group '{value}' does not belong to this region's network.",
    },
    "self_tie": {
        "de": "Ein Akteur kann keine Beziehung zu sich selbst haben.",
        "en": "An actor cannot have a tie to itself.",
    },
    "tie_endpoint": {
        "de": "Eine Mitgliedschaft nennt eine Arbeitsgruppe, jede andere Beziehung einen "
        "Zielakteur.",
        "en": "A membership names a working group, every other tie a target actor.",
    },
    "membership_role": {
        "de": "Nur eine Mitgliedschaft hat eine Rolle (member, chair, guest).",
        "en": "Only a membership has a role (member, chair, guest).",
    },
    "duplicate_tie": {
        "de": "Diese Beziehung besteht im selben Zeitraum bereits.",
        "en": "This tie already exists for an overlapping period.",
    },
    "group_cycle": {
        "de": "Die Arbeitsgruppe kann nicht in sich selbst oder ihren Untergruppen liegen.",
        "en": "A working group cannot lie within itself or its own subgroups.",
    },
    "unknown_municipality": {
        "de": "'{value}' ist keine Gemeinde in dieser Region.",
        "en": "'{value}' is not a municipality in this region.",
    },
    "participant_not_member": {
        "de": "Der Akteur '{value}' gehört nicht zum Netzwerk dieser Region.",
        "en": "Actor '{value}' does not belong to this region's network.",
    },
    "follow_up_owner_only_status": {
        "de": "Als Verantwortliche können Sie nur den Stand einer Aufgabe ändern.",
        "en": "As its owner you can only change the status of a follow-up.",
    },
    "entity.Actor": {"de": "Akteur", "en": "Actor"},
    "entity.Tie": {"de": "Beziehung", "en": "Tie"},
    "entity.WorkingGroup": {"de": "Arbeitsgruppe", "en": "Working group"},
    "entity.Meeting": {"de": "Sitzung", "en": "Meeting"},
    "entity.FollowUp": {"de": "Aufgabe", "en": "Follow-up"},
    "entity.actor": {"de": "Akteur", "en": "Actor"},
    "entity.tie": {"de": "Beziehung", "en": "Tie"},
    "entity.working_group": {"de": "Arbeitsgruppe", "en": "Working group"},
    "entity.meeting": {"de": "Sitzung", "en": "Meeting"},
    "entity.follow_up": {"de": "Aufgabe", "en": "Follow-up"},
}

register_messages(MESSAGES)
