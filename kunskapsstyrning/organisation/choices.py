"""Choices of the shared structure, reused by models, forms, filtersets and serializers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("Nationell")
    HEALTHCARE_REGIONAL = "sjukvardsregional", _("Sjukvårdsregional")
    REGIONAL = "regional", _("Regional (lokal)")


class GroupKind(models.TextChoices):
    NPO = "npo", _("Nationellt programområde (NPO)")
    NAG = "nag", _("Nationell arbetsgrupp (NAG)")
    NSG = "nsg", _("Nationell samverkansgrupp (NSG)")
    PRIMARY_CARE_COUNCIL = "primarvardsrad", _("Nationellt primärvårdsråd")
    RPO = "rpo", _("Sjukvårdsregionalt programområde (RPO)")
    RSG = "rsg", _("Sjukvårdsregional samverkansgrupp (RSG)")
    RAG = "rag", _("Sjukvårdsregional arbetsgrupp (RAG)")
    LPO = "lpo", _("Lokalt programområde (LPO)")
    LAG = "lag", _("Lokal arbetsgrupp (LAG)")
    SKS = "sks", _("Styrgrupp för kunskapsstyrning i samverkan (SKS)")
    PREPARATORY_GROUP = "beredningsgrupp", _("Beredningsgrupp")
    SUPPORT_FUNCTION = "stodfunktion", _("Nationell stödfunktion")
    NSK_R = "nsk_r", _("NSK-R (regiongrupp)")
    NSK_S = "nsk_s", _("NSK-S (socialtjänst)")


#: Where each kind of group sits; the model's constraints follow from this table.
KIND_LEVEL: dict[str, str] = {
    GroupKind.NPO: Level.NATIONAL,
    GroupKind.NAG: Level.NATIONAL,
    GroupKind.NSG: Level.NATIONAL,
    GroupKind.PRIMARY_CARE_COUNCIL: Level.NATIONAL,
    GroupKind.SKS: Level.NATIONAL,
    GroupKind.PREPARATORY_GROUP: Level.NATIONAL,
    GroupKind.SUPPORT_FUNCTION: Level.NATIONAL,
    GroupKind.NSK_R: Level.NATIONAL,
    GroupKind.NSK_S: Level.NATIONAL,
    GroupKind.RPO: Level.HEALTHCARE_REGIONAL,
    GroupKind.RSG: Level.HEALTHCARE_REGIONAL,
    GroupKind.RAG: Level.HEALTHCARE_REGIONAL,
    GroupKind.LPO: Level.REGIONAL,
    GroupKind.LAG: Level.REGIONAL,
}

#: A regional group mirrors exactly one national group of this kind.
MIRROR_TARGET_KIND: dict[str, str] = {
    GroupKind.RPO: GroupKind.NPO,
    GroupKind.RSG: GroupKind.NSG,
    GroupKind.RAG: GroupKind.NAG,
}


class RelationKind(models.TextChoices):
    """What a relation between two groups means. Only APPOINTED_BY carries editing rights."""

    APPOINTED_BY = "tillsatt_av", _("Tillsatt av")
    COVERS = "omfattar", _("Omfattar")
    SERVES = "stodjer", _("Stödjer")


class RelationPurpose(models.TextChoices):
    """Why a working group was appointed, so code finds e.g. an NPO's arbetsgrupp för
    kunskapsstöd by a typed query instead of a slug pattern."""

    KNOWLEDGE_SUPPORT = "kunskapsstod", _("Arbetsgrupp för kunskapsstöd")
    CARE_PATHWAY = "vardforlopp", _("Vårdförlopp")
    OTHER = "annat", _("Annat uppdrag")


#: The allowed (from kind, to kind) pairs per relation kind, enforced by `GroupRelation.clean()`
#: and by a database trigger. A NAG is appointed by its NPO/NSG/primary care council, a RAG by its
#: RPO/RSG, a LAG by its LPO; an LPO covers NPOs; a LAG may serve a national program area.
ALLOWED_RELATIONS: dict[str, frozenset[tuple[str, str]]] = {
    RelationKind.APPOINTED_BY: frozenset(
        {
            (GroupKind.NAG, GroupKind.NPO),
            (GroupKind.NAG, GroupKind.NSG),
            (GroupKind.NAG, GroupKind.PRIMARY_CARE_COUNCIL),
            (GroupKind.RAG, GroupKind.RPO),
            (GroupKind.RAG, GroupKind.RSG),
            (GroupKind.LAG, GroupKind.LPO),
        }
    ),
    RelationKind.COVERS: frozenset({(GroupKind.LPO, GroupKind.NPO), (GroupKind.LPO, GroupKind.PRIMARY_CARE_COUNCIL)}),
    RelationKind.SERVES: frozenset({(GroupKind.LAG, GroupKind.NPO)}),
}

#: Groups that appear in the public directory of program areas and collaboration groups.
DIRECTORY_KINDS = (GroupKind.NPO, GroupKind.NSG, GroupKind.PRIMARY_CARE_COUNCIL)


class Role(models.TextChoices):
    CHAIR = "ordforande", _("Ordförande")
    VICE_CHAIR = "vice_ordforande", _("Vice ordförande")
    PROCESS_LEADER = "processledare", _("Processledare/processtöd")
    MEMBER = "ledamot", _("Ledamot")
    CO_OPTED = "adjungerad", _("Adjungerad")
    PATIENT_REPRESENTATIVE = "patientforetradare", _("Patientföreträdare")
    MUNICIPAL_REPRESENTATIVE = "kommunrepresentant", _("Kommunrepresentant")
    EXPERT = "expert", _("Expert")
    SECRETARY = "sekreterare", _("Sekreterare")


#: Order in which roles are listed on a roster.
ROLE_ORDER: list[str] = [
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.PROCESS_LEADER,
    Role.MEMBER,
    Role.MUNICIPAL_REPRESENTATIVE,
    Role.PATIENT_REPRESENTATIVE,
    Role.EXPERT,
    Role.CO_OPTED,
    Role.SECRETARY,
]

#: Roles of which a group has at most one at any time.
SINGLE_HOLDER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)


class HostingKind(models.TextChoices):
    HOST = "vardskap", _("Värdskap")
    DORMANT = "vilande", _("Vilande värdskap")


class OrganisationKind(models.TextChoices):
    MEMBER_ORGANISATION = "medlemsorganisation", _("Medlemsorganisation")
    AUTHORITY = "myndighet", _("Myndighet")
    PATIENT_ORGANISATION = "patientorganisation", _("Patientorganisation")
    PROFESSIONAL_ORGANISATION = "professionsforening", _("Professionsförening")
    OTHER = "annan", _("Annan")


class Gender(models.TextChoices):
    WOMAN = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "annat", _("Annat")
