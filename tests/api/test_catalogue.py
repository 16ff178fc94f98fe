"""The public catalogue "Achats responsables Mayotte": supplier search (French full text,
typos, SIRET and SIREN), filters, facets, sort, pagination, caching, hostile inputs, the
supplier page, the offer search, and the reference data the catalogue uses.

Nearly everything here runs on organisations and offers the tests make themselves (as
staff), each tagged with a made-up word of its own and found with that word as `q`; only the
search-quality checks of the spec's own examples read the demo catalogue
(sql/demo/0020_catalogue.sql). Every answer is checked against openapi.yaml.
"""

import re
from datetime import timedelta, timezone

import pytest

import authkit
import cataloguekit as kit
from authkit import assert_invalid_query, assert_problem
from cataloguekit import ids_of, search, search_ids, word
from conftest import Api

SUPPLIERS = "/v1/catalogue/suppliers"
OFFERS = "/v1/catalogue/offers"
CACHE = "public, max-age=60"
DENIED_ORIGIN = "https://evil.example.test"


@pytest.fixture
def admin(api_as):
    return api_as("admin")


def fold(text):
    """Lower case without the accents French uses (enough for assertions on names)."""
    table = str.maketrans("àâäáãéèêëíìîïóòôöõúùûüçñÿ", "aaaaaeeeeiiiiooooouuuucny")
    return (text or "").lower().translate(table)


# A little world of suppliers sharing one word, made once for the module.
#
#   A alpha     siae EI       btp x2         serves 97611 (seat 97611)    label L0, member
#   B Bravo     siae ACI      espaces-verts  serves 976 (whole island)
#   C charlie   handicap ESAT btp, proprete  serves nothing itself, seat 97605; published
#                                            service offer for 97605
#   D Foxtrot   ess           no sector      serves 97610 97611, seat 97608; labels L0 L1;
#                                            member until 2021; unpublished works offer 97617
#   E Écho      geiq          proprete       serves 97617; published staff_provision offer 97601
# and, with the same word, organisations the catalogue must never show: an unpublished
# siae, an archived one, a published company and a published cress (each matching every
# filter below), plus a published offer of the unpublished one.

@pytest.fixture(scope="module")
def world(base_url, token_for):
    admin = Api(base_url, token_for("admin"))
    try:
        ref = kit.reference(admin)
        assert len(ref["labels"]) >= 2, "the tests need two labels in /v1/reference/labels"
        for kind, subkind in (("siae", "EI"), ("siae", "ACI"), ("handicap", "ESAT")):
            assert subkind in ref["kinds"].get(kind, []), \
                f"{subkind} is not a subkind of {kind} in /v1/reference/organisation-kinds"
        l0, l1 = ref["labels"][:2]
        tok = word()
        old = {"member_since": "2020-01-01"}
        o = {}
        o["A"] = kit.public_supplier(admin, "siae", subkind="EI", name=f"alpha {tok}",
                                     sectors=["btp-gros-oeuvre", "btp-peinture"],
                                     communes_served=["97611"], commune_insee="97611",
                                     labels=[l0], **old)
        o["B"] = kit.public_supplier(admin, "siae", subkind="ACI", name=f"Bravo {tok}",
                                     sectors=["espaces-verts-entretien"],
                                     communes_served=["976"])
        o["C"] = kit.public_supplier(admin, "handicap", subkind="ESAT", name=f"charlie {tok}",
                                     sectors=["proprete-locaux", "btp-peinture"],
                                     commune_insee="97605")
        kit.create_offer(admin, o["C"]["id"], offer_type="service", communes=["97605"],
                         sectors=["proprete-locaux"], published=True)
        o["D"] = kit.public_supplier(admin, "ess", name=f"Foxtrot {tok}",
                                     communes_served=["97610", "97611"], commune_insee="97608",
                                     labels=[l0, l1], member_since="2020-01-01",
                                     member_until="2021-01-01")
        kit.create_offer(admin, o["D"]["id"], offer_type="works", communes=["97617"],
                         published=False)
        o["E"] = kit.public_supplier(admin, "geiq", name=f"Écho {tok}",
                                     sectors=["proprete-locaux"], communes_served=["97617"])
        kit.create_offer(admin, o["E"]["id"], offer_type="staff_provision",
                         communes=["97601"], published=True)
        everything = dict(subkind="EI", sectors=["btp-peinture", "proprete-locaux"],
                          communes_served=["976"], labels=[l0, l1], member_since="2020-01-01")
        hidden = [
            kit.create_org(admin, "siae", name=f"Hidden unpublished {tok}", published=False,
                           **everything),
            kit.create_org(admin, "siae", name=f"Hidden archived {tok}", published=True,
                           **everything),
            kit.create_org(admin, "company", name=f"Hidden company {tok}", published=True,
                           **dict(everything, subkind=None)),
            kit.create_org(admin, "cress", name=f"Hidden cress {tok}", published=True,
                           **dict(everything, subkind=None)),
        ]
        kit.archive_org(admin, hidden[1]["id"])
        for org in hidden:
            kit.create_offer(admin, org["id"], offer_type="works", communes=["976"],
                             sectors=["btp-peinture"], published=True, title=f"Travaux {tok}")
        served = {"A": {"97611"}, "B": set(kit.COMMUNES), "C": {"97605"},
                  "D": {"97610", "97611"}, "E": {"97617", "97601"}}
        return {"tok": tok, "orgs": o, "ids": {k: v["id"] for k, v in o.items()},
                "hidden": [h["id"] for h in hidden], "ref": ref, "labels": (l0, l1),
                "served": served}
    finally:
        admin.close()


def letters(world, ids):
    by_id = {v: k for k, v in world["ids"].items()}
    unknown = set(ids) - set(by_id)
    assert not unknown, f"not one of the module's public suppliers: {unknown}"
    return "".join(sorted(by_id[i] for i in ids))


# Search: French full text, typos, SIRET and SIREN

def test_search_ignores_accents_case_and_plurals(api, admin):
    tok = word()
    green = kit.public_supplier(admin, "siae",
                                name=f"Entretien des Espaces Verts {tok}")
    joinery = kit.public_supplier(admin, "ess", name=f"La Menuisérie {tok}")
    cleaning = kit.public_supplier(admin, "siae", name=f"Services {tok}",
                                   description="Nettoyage de bureaux et de locaux "
                                               "professionnels.")
    for q, expected in [
        (f"espace vert {tok}", green), (f"ESPACES VERTS {tok}", green),
        (f"espâce vért {tok}", green),
        (f"menuiserie {tok}", joinery), (f"MENUISERIES {tok}", joinery),
        (f"Menuisérie {tok}", joinery),
        (f"NETTOYAGE {tok}", cleaning), (f"nettoyages {tok}", cleaning),
        (f"Bureau {tok}", cleaning),
    ]:
        body = search(api, q=q)
        assert [s["id"] for s in body["items"]] == [expected["id"]], \
            f"q={q!r}: {[s['name'] for s in body['items']]}"
        assert body["total"] == 1




def test_every_word_of_q_must_match(api, admin):
    tok, other = word(), word()
    both = kit.public_supplier(admin, name=f"{tok} {other}")
    one = kit.public_supplier(admin, name=f"{tok} seulement")
    assert search_ids(api, q=tok) == {both["id"], one["id"]}
    assert search_ids(api, q=f"{tok} {other}") == {both["id"]}


def test_typos_are_forgiven_when_full_text_finds_nothing(api, admin):
    long_word = word(14)
    typo = long_word[:7] + long_word[8:]          # one letter dropped in the middle
    org = kit.public_supplier(admin, name=f"Atelier {long_word}")
    assert search_ids(api, q=long_word) == {org["id"]}
    body = search(api, q=typo, limit=100)
    assert org["id"] in ids_of(body["items"]), \
        f"q={typo!r} does not find {long_word!r}: {[s['name'] for s in body['items']]}"
    other = "a" if long_word[8] != "a" else "o"
    substituted = long_word[:8] + other + long_word[9:]     # one letter changed
    assert org["id"] in ids_of(search(api, q=substituted, limit=100)["items"]), substituted


def test_siret_and_siren_find_their_supplier(api, admin):
    siret = authkit.siret()
    org = kit.public_supplier(admin, "ess", siret=siret)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    for q in (siret, siret[:9], siret[:11], spaced, f" {siret[:9]} ", siret[:3] + " " + siret[3:9]):
        body = search(api, q=q)
        assert [s["id"] for s in body["items"]] == [org["id"]], f"q={q!r}: {body['items']}"
        assert body["items"][0]["siret"] == siret
        assert body["items"][0]["siren"] == siret[:9]


def test_relevance_ranks_name_then_offers_then_description(api, admin):
    tok = word()
    admin = admin
    in_description = kit.public_supplier(admin, name=f"Société {word()}",
                                         description=f"Nous faisons du {tok} depuis 2010.")
    in_offer = kit.public_supplier(admin, name=f"Entreprise {word()}")
    kit.create_offer(admin, in_offer["id"], title=f"Prestation {tok}", published=True)
    in_name = kit.public_supplier(admin, name=f"Atelier {tok}")
    expected = [in_name["id"], in_offer["id"], in_description["id"]]
    for params in ({"q": tok}, {"q": tok, "sort": "relevance"}):
        body = search(api, **params)
        assert [s["id"] for s in body["items"]] == expected, \
            f"{params}: {[s['name'] for s in body['items']]}"


def test_offers_reach_the_search_once_published(api, admin):
    tok = word()
    admin = admin
    org = kit.public_supplier(admin, name=f"Coopérative {word()}")
    offer = kit.create_offer(admin, org["id"], title=f"Confection {tok}", published=False)
    assert search(api, q=tok)["total"] == 0, "an unpublished offer's words are searchable"
    assert kit.patch_offer(admin, offer["id"], {"published": True}).status_code == 200
    assert search_ids(api, q=tok) == {org["id"]}
    assert admin.delete(f"/v1/offers/{offer['id']}", headers={"If-Match": "*"}).status_code \
        == 204
    assert search(api, q=tok)["total"] == 0, "a deleted offer's words are still searchable"


def test_only_published_active_approved_suppliers_are_listed(api, world):
    found = search_ids(api, q=world["tok"])
    assert found == set(world["ids"].values()), letters(world, found & set(world["ids"].values()))
    assert not found & set(world["hidden"])
    for offer_type in kit.OFFER_TYPES:
        assert not search_ids(api, q=world["tok"], offer_type=offer_type) & set(world["hidden"])


@pytest.mark.parametrize("kind", ["cress", "buyer_public", "buyer_private", "company",
                                  "prescriber"])
def test_other_kinds_are_never_in_the_catalogue(api, kind, admin):
    tok = word()
    org = kit.create_org(admin, kind, name=f"Organisation {tok}", published=True)
    assert search(api, q=tok)["total"] == 0
    path = f"{SUPPLIERS}/{org['id']}"
    assert_problem(api.get(path), 404, "not-found", path)


def test_an_archived_supplier_leaves_the_catalogue(api, admin):
    tok = word()
    admin = admin
    org = kit.public_supplier(admin, name=f"Atelier {tok}")
    assert search_ids(api, q=tok) == {org["id"]}
    assert api.get(f"{SUPPLIERS}/{org['id']}").status_code == 200
    kit.archive_org(admin, org["id"])
    assert search(api, q=tok)["total"] == 0
    path = f"{SUPPLIERS}/{org['id']}"
    assert_problem(api.get(path), 404, "not-found", path)


def test_unpublishing_hides_a_supplier(api, admin):
    tok = word()
    admin = admin
    org = kit.public_supplier(admin, name=f"Atelier {tok}")
    assert kit.patch_org(admin, org["id"], {"published": False}).status_code == 200
    assert search(api, q=tok)["total"] == 0
    assert_problem(api.get(f"{SUPPLIERS}/{org['id']}"), 404, "not-found")


# What the public sees: the summary and the page

def full_supplier(admin, ref, tok):
    return kit.public_supplier(
        admin, "siae", subkind="ACI", name=f"Chantier d'insertion {tok}",
        brand=f"Jardins {tok}", siret=authkit.siret(), legal_form="Association loi 1901",
        esus=True, address="12 rue du Commerce, Kawéni", commune_insee="97611",
        communes_served=["97611", "97610"], latitude=-12.76667, longitude=45.22751,
        contact_email="contact@jardins.test.asr.yt", contact_phone="+262 269 61 00 00",
        website="https://jardins.test.asr.yt/accueil?x=1",
        description="Entretien des espaces verts, débroussaillage.",
        sectors=["espaces-verts-entretien", "espaces-verts-elagage"],
        labels=ref["labels"][:1], member_since="2020-01-01", member_until=None)


def test_summary_shows_the_public_fields_and_nothing_else(api, admin):
    admin = admin
    tok = word()
    org = full_supplier(admin, kit.reference(api), tok)
    body = search(api, q=tok)
    assert body["total"] == 1
    item = body["items"][0]
    assert set(item) == kit.SUMMARY_FIELDS
    current = admin.get(f"/v1/organisations/{org['id']}").json()
    for field in kit.SUMMARY_FIELDS:
        assert item[field] == current[field], field
    assert item["member"] is True and item["siren"] == org["siret"][:9]
    for private in ("published", "active", "approved", "version", "created_at",
                    "member_since", "member_until", "legal_form", "esus", "address"):
        assert private not in item


def test_supplier_page(api, admin):
    admin = admin
    tok = word()
    org = full_supplier(admin, kit.reference(api), tok)
    shown = kit.create_offer(admin, org["id"], title=f"Débroussaillage {tok}",
                             description="Terrains, talus, bords de route.",
                             offer_type="service", sectors=["espaces-verts-elagage"],
                             communes=["976"], price_indication="Sur devis", published=True)
    kit.create_offer(admin, org["id"], title=f"Brouillon {tok}", published=False)
    path = f"{SUPPLIERS}/{org['id']}"
    r = api.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Cache-Control"] == CACHE
    page = r.json()
    assert set(page) == kit.PAGE_FIELDS
    current = admin.get(f"/v1/organisations/{org['id']}").json()
    for field in kit.PAGE_FIELDS - {"offers"}:
        assert page[field] == current[field], field
    assert [o["id"] for o in page["offers"]] == [shown["id"]], "unpublished offers are shown"
    offer = page["offers"][0]
    assert set(offer) == kit.PUBLIC_OFFER_FIELDS
    for field in kit.PUBLIC_OFFER_FIELDS:
        assert offer[field] == shown[field], field
    # The page equals the search's summary on the summary's fields.
    item = search(api, q=tok)["items"][0]
    assert {k: page[k] for k in kit.SUMMARY_FIELDS} == item


def test_supplier_page_of_a_supplier_without_offers(api, admin):
    org = kit.public_supplier(admin, "handicap")
    page = api.get(f"{SUPPLIERS}/{org['id']}").json()
    assert page["offers"] == []
    assert (page["address"], page["latitude"], page["longitude"]) == (None, None, None)


@pytest.mark.parametrize("state", ["unpublished", "archived", "company", "random", "not-uuid",
                                   "upper"])
def test_supplier_page_404s(api, state, admin):
    admin = admin
    if state == "unpublished":
        org_id = kit.create_org(admin, "siae", published=False)["id"]
    elif state == "archived":
        org_id = kit.public_supplier(admin, "ess")["id"]
        kit.archive_org(admin, org_id)
    elif state == "company":
        org_id = kit.create_org(admin, "company", published=True)["id"]
    elif state == "random":
        org_id = authkit.random_uuid()
    elif state == "upper":
        org_id = kit.public_supplier(admin, "ess")["id"].upper().replace("-", "")
    else:
        org_id = "not-a-uuid"
    path = f"{SUPPLIERS}/{org_id}"
    assert_problem(api.get(path), 404, "not-found", path)


def test_supplier_page_takes_no_query(api, admin):
    org = kit.public_supplier(admin, "ess")
    path = f"{SUPPLIERS}/{org['id']}?fields=name"
    assert_invalid_query(api.get(path), ("fields", "unknown"))


# Filters (repeat = OR, different filters = AND)

FILTERS = [
    ({"kind": ["siae"]}, "AB"),
    ({"kind": ["siae", "geiq"]}, "ABE"),
    ({"kind": ["handicap"]}, "C"),
    ({"subkind": ["EI"]}, "A"),
    ({"subkind": ["EI", "ESAT"]}, "AC"),
    ({"sector": ["btp-peinture"]}, "AC"),
    ({"sector": ["btp-peinture", "proprete-locaux"]}, "ACE"),
    ({"sector": ["espaces-verts-entretien"]}, "B"),
    ({"sector_group": ["btp"]}, "AC"),
    ({"sector_group": ["espaces-verts", "proprete"]}, "BCE"),
    ({"commune": ["97611"]}, "ABD"),
    ({"commune": ["97605"]}, "BC"),           # C through its published offer
    ({"commune": ["97608"]}, "B"),            # D's seat alone does not count
    ({"commune": ["97617"]}, "BE"),           # D's unpublished offer does not count
    ({"commune": ["97601", "97610"]}, "BDE"),
    ({"label": ["L0"]}, "AD"),
    ({"label": ["L1"]}, "D"),
    ({"offer_type": ["service"]}, "C"),
    ({"offer_type": ["works"]}, ""),          # D's works offer is unpublished
    ({"offer_type": ["service", "staff_provision"]}, "CE"),
    ({"member": "true"}, "A"),
    ({"member": "false"}, "BCDE"),
    ({"kind": ["siae"], "commune": ["97611"]}, "AB"),
    ({"sector_group": ["proprete"], "commune": ["97617"]}, "E"),
    ({"kind": ["siae", "ess"], "label": ["L0"], "member": "false"}, "D"),
    ({"kind": ["handicap"], "member": "true"}, ""),
]


@pytest.mark.parametrize("filters, expected", FILTERS,
                         ids=[" ".join(f"{k}={v}" for k, v in f.items()) for f, _ in FILTERS])
def test_filters(api, world, filters, expected):
    labels = dict(zip(("L0", "L1"), world["labels"]))
    params = {k: ([labels.get(x, x) for x in v] if isinstance(v, list) else v)
              for k, v in filters.items()}
    got = search_ids(api, q=world["tok"], **params)
    assert not got & set(world["hidden"]), "a hidden organisation is listed"
    assert letters(world, got) == expected


def test_filters_work_without_q(api, world):
    """Without q the filters alone select (the module's suppliers among the rest)."""
    mine = set(world["ids"].values())
    both = search_ids(api, commune="97608", kind="siae", subkind="ACI") & mine
    assert letters(world, both) == "B"
    assert letters(world, search_ids(api, label=world["labels"][1]) & mine) == "D"


def test_updated_since(api, world):
    items = search(api, q=world["tok"], limit=100)["items"]
    stamps = sorted((s["updated_at"], s["id"]) for s in items)
    first, last = stamps[0][0], stamps[-1][0]
    everyone = set(world["ids"].values())
    assert search_ids(api, q=world["tok"], updated_since=first) == everyone
    assert search_ids(api, q=world["tok"], updated_since=last) == \
        {i for stamp, i in stamps if stamp == last}, "updated_since is 'at or after'"
    moment = authkit.parse_time(first) - timedelta(hours=1)
    in_mayotte = moment.astimezone(timezone(timedelta(hours=3))).isoformat(timespec="seconds")
    assert in_mayotte.endswith("+03:00")
    assert search_ids(api, q=world["tok"], updated_since=in_mayotte) == everyone
    assert search_ids(api, q=world["tok"], updated_since="2000-01-01") == everyone
    assert search_ids(api, q=world["tok"], updated_since=kit.days(1)) == set()
    assert search_ids(api, q=world["tok"], updated_since=kit.days(-1)) == everyone


def test_member_is_derived_from_the_dates(api, world):
    items = {s["id"]: s for s in search(api, q=world["tok"], limit=100)["items"]}
    member = {k for k, i in world["ids"].items() if items[i]["member"]}
    assert member == {"A"}


# Facets

def expected_facets(world):
    o, ref = world["orgs"], world["ref"]
    public = list(o)
    kinds, subkinds, groups, communes = {}, {}, {}, {}
    for key in public:
        org = o[key]
        kinds[org["kind"]] = kinds.get(org["kind"], 0) + 1
        if org["subkind"]:
            subkinds[org["subkind"]] = subkinds.get(org["subkind"], 0) + 1
        for g in {ref["sectors"][s] for s in org["sectors"]}:
            groups[g] = groups.get(g, 0) + 1
        for c in world["served"][key]:
            communes[c] = communes.get(c, 0) + 1

    def ordered(counts, labels=None):
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if labels is None:
            return [{"code": c, "count": n} for c, n in rows]
        return [{"code": c, "label": labels[c], "count": n} for c, n in rows]

    return {"sector_groups": ordered(groups, ref["groups"]), "kinds": ordered(kinds),
            "subkinds": ordered(subkinds), "communes": ordered(communes, ref["communes"])}


def test_facets_count_every_match(api, world):
    expected = expected_facets(world)
    assert expected["kinds"][0] == {"code": "siae", "count": 2}
    assert expected["communes"][0]["code"] == "97611" and len(expected["communes"]) == 17
    for limit in (1, 2, 100):
        body = search(api, q=world["tok"], limit=limit)
        assert body["total"] == 5
        assert body["facets"] == expected, f"limit={limit}"


def test_facets_follow_the_filters(api, world):
    body = search(api, q=world["tok"], kind="siae")
    assert body["facets"]["kinds"] == [{"code": "siae", "count": 2}]
    assert body["facets"]["subkinds"] == [{"code": "ACI", "count": 1}, {"code": "EI", "count": 1}]
    groups = {g["code"]: g["count"] for g in body["facets"]["sector_groups"]}
    assert groups == {"btp": 1, "espaces-verts": 1}
    nothing = search(api, q=world["tok"], kind="handicap", member="true")
    assert nothing["total"] == 0 and nothing["items"] == []
    assert nothing["facets"] == {"sector_groups": [], "kinds": [], "subkinds": [],
                                 "communes": []}


FACET_FILTER = {"sector_groups": "sector_group", "kinds": "kind", "subkinds": "subkind",
                "communes": "commune"}


def check_facets_agree_with_filters(api, base):
    body = search(api, **base)
    for facet, param in FACET_FILTER.items():
        rows = body["facets"][facet]
        assert all(row["count"] > 0 for row in rows), facet
        assert rows == sorted(rows, key=lambda r: (-r["count"], r["code"])), f"{facet} order"
        for row in rows:
            narrowed = search(api, **dict(base, **{param: row["code"]}, limit=1))
            assert narrowed["total"] == row["count"], \
                f"{base}: facet {facet} {row['code']} says {row['count']}, " \
                f"the filter {param}={row['code']} finds {narrowed['total']}"
    return body


def test_facet_counts_are_what_the_filters_find(api, world):
    check_facets_agree_with_filters(api, {"q": world["tok"]})
    check_facets_agree_with_filters(api, {"q": world["tok"], "member": "false"})


def test_facets_over_the_whole_catalogue_agree_with_filters(api, world):
    body = check_facets_agree_with_filters(api, {})
    assert sum(k["count"] for k in body["facets"]["kinds"]) == body["total"], \
        "every supplier has exactly one kind"


# Sort and pagination

def test_sort_by_name_ignores_case_and_accents(api, world):
    for params in ({"q": world["tok"], "sort": "name"}, {"q": world["tok"], "sort": "name",
                                                          "kind": ["siae", "ess", "handicap",
                                                                   "geiq"]}):
        items, _, _ = kit.follow(api, SUPPLIERS, params, limit=2)
        assert [letters(world, [s["id"]]) for s in items] == list("ABCED"), \
            [s["name"] for s in items]


def test_default_sort(api, world):
    """Without q the default is sort=name; with q, sort=relevance."""
    for params in ({}, {"kind": "geiq"}, {"commune": "97617"}):
        default = kit.follow(api, SUPPLIERS, params, limit=100)[0]
        by_name = kit.follow(api, SUPPLIERS, dict(params, sort="name"), limit=100)[0]
        assert [s["id"] for s in default] == [s["id"] for s in by_name], params
    assert world["ids"]["E"] in ids_of(default)
    for q in (world["tok"], "nettoyage"):
        assert search(api, q=q, limit=100)["items"] == \
            search(api, q=q, sort="relevance", limit=100)["items"], q


def test_sort_by_updated_at_newest_first(api, admin):
    tok = word()
    admin = admin
    made = [kit.public_supplier(admin, name=f"{n} {tok}") for n in ("Un", "Deux", "Trois")]
    assert kit.patch_org(admin, made[0]["id"], {"description": "Changé."}).status_code == 200
    items, _, _ = kit.follow(api, SUPPLIERS, {"q": tok, "sort": "-updated_at"}, limit=1)
    assert [s["id"] for s in items] == [made[0]["id"], made[2]["id"], made[1]["id"]]
    stamps = [s["updated_at"] for s in items]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("sort", [None, "relevance", "name", "-updated_at"])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_pages_cover_every_match_once(api, world, sort, limit):
    params = {"q": world["tok"]}
    if sort:
        params["sort"] = sort
    items, pages, last = kit.follow(api, SUPPLIERS, params, limit=limit)
    assert ids_of(items) == set(world["ids"].values())
    assert pages == -(-5 // limit)
    one_page = search(api, **params, limit=100)
    assert [s["id"] for s in items] == [s["id"] for s in one_page["items"]], \
        "pages in a row do not give the order of one long page"
    assert last["facets"] == one_page["facets"], "facets change from page to page"


@pytest.mark.parametrize("params", [{}, {"sort": "-updated_at"}, {"q": "nettoyage"},
                                    {"q": "mayotte"}, {"sector_group": "btp"}])
def test_pages_of_the_whole_catalogue(api, params):
    items, _, _ = kit.follow(api, SUPPLIERS, params, limit=7)
    every = kit.follow(api, SUPPLIERS, params, limit=100)[0]
    assert [s["id"] for s in items] == [s["id"] for s in every]


def test_default_limit_is_20(api):
    body = search(api)
    assert body["total"] > 20, "the demo catalogue has more than 20 public suppliers"
    assert len(body["items"]) == 20 and body["next_cursor"] is not None
    assert len(search(api, limit=100)["items"]) == min(100, body["total"])


# The spec's own examples, on the demo catalogue (sql/demo/0020_catalogue.sql)

def all_matches(api, q):
    return kit.follow(api, SUPPLIERS, {"q": q}, limit=100)[0]


def test_demo_espace_vert_finds_espaces_verts(api):
    items = all_matches(api, "espace vert")
    assert any("entretien des espaces verts" in fold(s["name"]) for s in items), \
        [s["name"] for s in items[:20]]


def test_demo_menuiserie_finds_menuiserie_with_an_accent(api):
    items = all_matches(api, "menuiserie")
    assert any("Menuisérie" in s["name"] for s in items), [s["name"] for s in items[:20]]
    upper = all_matches(api, "MENUISERIES")
    assert ids_of(upper) == ids_of(items)


def test_demo_nettoyage_in_capitals_finds_nettoyage(api):
    items = all_matches(api, "NETTOYAGE")
    assert any("nettoyage" in fold(s["description"]) for s in items), \
        [s["name"] for s in items[:20]]
    assert ids_of(all_matches(api, "nettoyage")) == ids_of(items)


def test_demo_netoyage_is_forgiven(api):
    ref = kit.reference(api)
    items = all_matches(api, "netoyage")
    assert items, "a typo of nettoyage finds nothing"

    def about_cleaning(s):
        text = fold(" ".join([s["name"], s["brand"] or "", s["description"]]))
        return "nettoy" in text or any(ref["sectors"].get(c) == "proprete" for c in s["sectors"])

    assert any(about_cleaning(s) for s in items[:20]), [s["name"] for s in items[:20]]


# Hostile and malformed queries: 200 or 400, never 500

HOSTILE_Q = [
    "a & | ! ( ) : * '", "'; DROP TABLE organisations; --", "\\", "%", "_", "%_%", "a:*",
    "!!", "()", "'", '"', "''", "<->", "a <-> b", "a:* & b", "&", "|", "!", "*", ":",
    "a\\", "\\'", "$$", "$1", "?", "a' OR '1'='1", "-", "--", "1=1", "NULL", "0", "-1",
    "   ", "é", "🙂", "ǅ", "\u200b", "\t", "\n", "a\nb", "nettoyage " * 19, "x" * 200,
    "123456789", "12345678", "12345678901234567890", "9" * 14, " 732 829 320 ",
    "websearch: \"a b\" -c or d", "(a | b) & !c", "a:A", "a:*B", "<script>alert(1)</script>",
    "%00", "\\x00", "{}", "[]", "/*", "*/", "AND", "OR", "NOT", "ET", "OU", "le la les",
]


@pytest.mark.parametrize("path", [SUPPLIERS, OFFERS])
@pytest.mark.parametrize("q", HOSTILE_Q)
def test_hostile_q_never_breaks_the_server(api, path, q):
    for sort in (None, "-updated_at"):
        params = {"q": q} if sort is None else {"q": q, "sort": sort}
        r = api.get(path, params=params)
        assert r.status_code in (200, 400), f"{params}: {r.status_code} {r.text[:300]}"


def test_sql_in_q_changes_nothing(api):
    before = search(api)["total"]
    for q in ("'; DROP TABLE organisations; --", "x'); DELETE FROM organisations; --"):
        api.get(SUPPLIERS, params={"q": q})
    assert search(api)["total"] == before


@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
def test_nul_in_q(api, value):
    r = api.get(SUPPLIERS, params={"q": value})
    assert r.status_code in (200, 400), r.text[:300]


def test_q_is_at_most_200_characters(api):
    assert api.get(SUPPLIERS, params={"q": "a" * 200}).status_code == 200
    assert api.get(SUPPLIERS, params={"q": "é" * 200}).status_code == 200, \
        "200 characters counted as bytes"
    for q in ("a" * 201, "é" * 201, "a" * 1500, "nettoyage " * 150):
        assert_invalid_query(api.get(SUPPLIERS, params={"q": q}), ("q", "invalid"))


def test_offer_q_is_at_most_200_characters(api):
    assert api.get(OFFERS, params={"q": "é" * 200}).status_code == 200
    for q in ("a" * 201, "é" * 201, "a" * 1500):
        assert_invalid_query(api.get(OFFERS, params={"q": q}), ("q", "invalid"))


BAD_QUERIES = [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("limit=", "limit"),
    ("limit=-1", "limit"), ("limit=1.5", "limit"), ("limit=10&limit=20", "limit"),
    ("cursor=garbage", "cursor"), ("cursor=", "cursor"), ("cursor=%00", "cursor"),
    ("cursor=" + "A" * 600, "cursor"), ("cursor=eyJ4IjoxfQ", "cursor"),
    ("sort=nope", "sort"), ("sort=relevance", "sort"), ("sort=-name", "sort"),
    ("sort=title", "sort"), ("sort=name&sort=-updated_at", "sort"),
    ("q=a&q=b", "q"),
    ("kind=nope", "kind"), ("kind=SIAE", "kind"), ("kind=company", "kind"),
    ("kind=cress", "kind"), ("kind=", "kind"), ("kind=siae'--", "kind"),
    ("sector=nope", "sector"), ("sector=BTP-PEINTURE", "sector"), ("sector=", "sector"),
    ("sector='; DROP TABLE sectors; --", "sector"), ("sector=btp", "sector"),
    ("sector_group=nope", "sector_group"), ("sector_group=btp-peinture", "sector_group"),
    ("subkind=nope", "subkind"), ("subkind=", "subkind"),
    ("commune=97618", "commune"), ("commune=97600", "commune"), ("commune=Mamoudzou", "commune"),
    ("commune=97611' OR '1'='1", "commune"), ("commune=", "commune"),
    ("label=nope-nope-nope", "label"), ("label=", "label"),
    ("offer_type=nope", "offer_type"), ("offer_type=goods", "offer_type"),
    ("member=yes", "member"), ("member=1", "member"), ("member=", "member"),
    ("member=true&member=false", "member"),
    ("updated_since=yesterday", "updated_since"), ("updated_since=2026-13-01", "updated_since"),
    ("updated_since=2026-02-30", "updated_since"),
    ("updated_since=2026-01-01T00:00:00", "updated_since"),
    ("updated_since=2026-01-01%2025:00:00Z", "updated_since"),
    ("updated_since=", "updated_since"), ("updated_since=1700000000", "updated_since"),
]


@pytest.mark.parametrize("query, field", BAD_QUERIES, ids=[q for q, _ in BAD_QUERIES])
def test_bad_query_values(api, query, field):
    path = f"{SUPPLIERS}?{query}"
    assert_invalid_query(api.get(path), (field, "invalid"))


@pytest.mark.parametrize("query, field", [("foo=1", "foo"), ("page=2", "page"),
                                          ("name=x", "name"), ("published=false", "published"),
                                          ("approved=false", "approved"), ("Q=x", "Q"),
                                          ("sectors=btp-peinture", "sectors")])
def test_unknown_query_parameters(api, query, field):
    assert_invalid_query(api.get(f"{SUPPLIERS}?{query}"), (field, "unknown"))


def test_a_cursor_only_works_for_its_own_search(api, world):
    body = search(api, q=world["tok"], limit=1)
    cursor = body["next_cursor"]
    assert cursor
    for params in ({"q": world["tok"], "sort": "name"}, {"q": "nettoyage"}, {}):
        r = api.get(SUPPLIERS, params=dict(params, limit=1, cursor=cursor))
        assert r.status_code in (200, 400), r.text[:300]


# Caching: Cache-Control, strong ETag, If-None-Match → 304

CACHED = {
    "search q": lambda w: f"{SUPPLIERS}?q={w['tok']}",
    "search": lambda w: SUPPLIERS,
    "search filtered": lambda w: f"{SUPPLIERS}?kind=siae&commune=97611&limit=5",
    "supplier page": lambda w: f"{SUPPLIERS}/{w['ids']['A']}",
    "offers q": lambda w: f"{OFFERS}?q={w['tok']}",
    "offers": lambda w: OFFERS,
}


@pytest.mark.parametrize("which", CACHED)
def test_etag_and_if_none_match(api, world, which):
    for path in [CACHED[which](world)]:
        r = api.get(path)
        assert r.status_code == 200, r.text[:300]
        assert r.headers["Cache-Control"] == CACHE, path
        etag = r.headers["ETag"]
        assert re.fullmatch(r'"[\x21\x23-\x7e]*"', etag), f"{path}: not a strong ETag: {etag}"
        assert api.get(path).headers["ETag"] == etag, f"{path}: ETag changes by itself"
        for held in (etag, f'"nope", {etag}', "*", "W/" + etag):
            again = api.get(path, headers={"If-None-Match": held})
            assert again.status_code == 304, f"{path} If-None-Match {held}"
            assert again.content == b""
            assert again.headers["ETag"] == etag
            assert again.headers["Cache-Control"] == CACHE
        head = api.head(path, headers={"If-None-Match": etag})
        assert head.status_code == 304
        assert api.head(path).headers["ETag"] == etag
        assert api.get(path, headers={"If-None-Match": '"nope"'}).status_code == 200


def test_etag_changes_with_the_data(api, admin):
    tok = word()
    admin = admin
    org = kit.public_supplier(admin, name=f"Atelier {tok}", description="Avant.")
    paths = [f"{SUPPLIERS}?q={tok}", f"{SUPPLIERS}/{org['id']}"]
    before = {p: api.get(p).headers["ETag"] for p in paths}
    assert kit.patch_org(admin, org["id"], {"description": "Après."}).status_code == 200
    for path in paths:
        r = api.get(path, headers={"If-None-Match": before[path]})
        assert r.status_code == 200, f"{path}: 304 for a stale copy"
        assert r.headers["ETag"] != before[path]
    page = api.get(f"{SUPPLIERS}/{org['id']}").headers["ETag"]
    kit.create_offer(admin, org["id"], title=f"Nouveau {tok}", published=True)
    assert api.get(f"{SUPPLIERS}/{org['id']}").headers["ETag"] != page, \
        "a new published offer leaves the page's ETag unchanged"


@pytest.mark.parametrize("role", authkit.PEOPLE_ROLES)
def test_answers_do_not_depend_on_the_caller(api, api_as, world, role):
    for path in (f"{SUPPLIERS}?q={world['tok']}", f"{SUPPLIERS}/{world['ids']['B']}",
                 f"{OFFERS}?q={world['tok']}"):
        anonymous, person = api.get(path), api_as(role).get(path)
        assert person.status_code == 200
        assert person.headers["Cache-Control"] == CACHE
        assert person.json() == anonymous.json()
        assert person.headers["ETag"] == anonymous.headers["ETag"]


def test_a_bad_token_is_refused_even_here(api_as):
    r = api_as(token="garbage").get(SUPPLIERS)
    authkit.assert_unauthorized(r)


def test_errors_are_not_cached(api):
    r = api.get(f"{SUPPLIERS}?limit=0")
    assert r.headers["Cache-Control"] == "no-store"
    r = api.get(f"{SUPPLIERS}/{authkit.random_uuid()}")
    assert r.status_code == 404 and r.headers["Cache-Control"] == "no-store"


# CORS

@pytest.mark.parametrize("path", [SUPPLIERS, OFFERS, f"{SUPPLIERS}/{authkit.random_uuid()}"])
def test_cors(api, cors_origins, path):
    origin = cors_origins[0]
    r = api.get(path, headers={"Origin": origin})
    assert r.headers["Access-Control-Allow-Origin"] == origin
    assert "etag" in {h.strip().lower() for h in
                      r.headers["Access-Control-Expose-Headers"].split(",")}
    pre = api.options(path, headers={"Origin": origin, "Access-Control-Request-Method": "GET",
                                     "Access-Control-Request-Headers": "if-none-match"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == origin
    denied = api.get(path, headers={"Origin": DENIED_ORIGIN})
    assert not {k for k in denied.headers if k.lower().startswith("access-control-")}


# The offer search

@pytest.fixture(scope="module")
def offer_world(base_url, token_for):
    admin = Api(base_url, token_for("admin"))
    try:
        tok = word()
        siae = kit.public_supplier(admin, "siae", subkind="EI", name=f"Atelier {word()}")
        geiq = kit.public_supplier(admin, "geiq", name=f"Groupement {word()}")
        hidden_org = kit.create_org(admin, "siae", published=False)
        archived = kit.public_supplier(admin, "ess")
        company = kit.create_org(admin, "company", published=True)
        f = {}
        f["a"] = kit.create_offer(admin, siae["id"], title=f"Alpha {tok}", offer_type="works",
                                  sectors=["btp-peinture"], communes=["97611"], published=True,
                                  description="Peinture intérieure.")
        f["b"] = kit.create_offer(admin, siae["id"], title="bêta", offer_type="service",
                                  sectors=["proprete-locaux"], communes=["976"], published=True,
                                  description=f"Nettoyage, mot-clé {tok}.")
        f["c"] = kit.create_offer(admin, geiq["id"], title=f"Charlie {tok}",
                                  offer_type="staff_provision", sectors=[], communes=["97605"],
                                  published=True)
        hidden = [kit.create_offer(admin, siae["id"], title=f"Brouillon {tok}", published=False)]
        for org in (hidden_org, archived, company):
            hidden.append(kit.create_offer(admin, org["id"], title=f"Caché {tok}",
                                           communes=["976"], published=True))
        kit.archive_org(admin, archived["id"])
        return {"tok": tok, "offers": f, "ids": {k: v["id"] for k, v in f.items()},
                "hidden": {h["id"] for h in hidden}, "siae": siae, "geiq": geiq}
    finally:
        admin.close()


def offer_letters(world, ids):
    by_id = {v: k for k, v in world["ids"].items()}
    assert not set(ids) & world["hidden"], "an offer the catalogue must not show is listed"
    return "".join(sorted(by_id[i] for i in ids if i in by_id))


def offer_search(api, **params):
    return kit.follow(api, OFFERS, params, limit=100)[0]


def test_offer_search_shows_published_offers_of_public_suppliers(api, offer_world):
    items = offer_search(api, q=offer_world["tok"])
    assert offer_letters(offer_world, ids_of(items)) == "abc"
    assert len(items) == 3
    for item in items:
        assert set(item) == kit.CATALOGUE_OFFER_FIELDS
        assert set(item["supplier"]) == {"id", "name", "kind", "subkind"}
        made = next(v for v in offer_world["offers"].values() if v["id"] == item["id"])
        for field in kit.PUBLIC_OFFER_FIELDS:
            assert item[field] == made[field], field
    by_id = {i["id"]: i for i in items}
    siae = offer_world["siae"]
    assert by_id[offer_world["ids"]["a"]]["supplier"] == \
        {"id": siae["id"], "name": siae["name"], "kind": "siae", "subkind": "EI"}


@pytest.mark.parametrize("filters, expected", [
    ({"offer_type": ["works"]}, "a"),
    ({"offer_type": ["works", "staff_provision"]}, "ac"),
    ({"sector": ["btp-peinture"]}, "a"),
    ({"sector_group": ["btp", "proprete"]}, "ab"),
    ({"commune": ["97611"]}, "ab"),        # b serves the whole island
    ({"commune": ["97605"]}, "bc"),
    ({"commune": ["97617"]}, "b"),
    ({"kind": ["geiq"]}, "c"),
    ({"kind": ["siae"], "offer_type": ["service"]}, "b"),
    ({"kind": ["handicap"]}, ""),
])
def test_offer_filters(api, offer_world, filters, expected):
    items = offer_search(api, q=offer_world["tok"], **filters)
    assert offer_letters(offer_world, ids_of(items)) == expected


def test_offer_sorts(api, offer_world):
    tok = offer_world["tok"]
    ids = offer_world["ids"]
    by_title = kit.follow(api, OFFERS, {"q": tok, "sort": "title"}, limit=1)[0]
    assert [o["id"] for o in by_title] == [ids["a"], ids["b"], ids["c"]]
    by_relevance = kit.follow(api, OFFERS, {"q": tok}, limit=2)[0]
    assert by_relevance[-1]["id"] == ids["b"], "a match in the description ranks last"
    newest = kit.follow(api, OFFERS, {"q": tok, "sort": "-updated_at"}, limit=2)[0]
    assert [o["id"] for o in newest] == [ids["c"], ids["b"], ids["a"]]


@pytest.mark.parametrize("limit", [1, 2, 7])
def test_offer_pages(api, limit):
    items, _, _ = kit.follow(api, OFFERS, {}, limit=limit)
    assert [o["id"] for o in items] == [o["id"] for o in offer_search(api)]
    assert [o["id"] for o in items] == [o["id"] for o in offer_search(api, sort="title")], \
        "without q, offers are sorted by title"


@pytest.mark.parametrize("query, field, code", [
    ("sort=relevance", "sort", "invalid"), ("sort=name", "sort", "invalid"),
    ("offer_type=nope", "offer_type", "invalid"), ("kind=company", "kind", "invalid"),
    ("sector=nope", "sector", "invalid"), ("commune=97618", "commune", "invalid"),
    ("limit=0", "limit", "invalid"), ("cursor=garbage", "cursor", "invalid"),
    ("label=x", "label", "unknown"), ("member=true", "member", "unknown"),
    ("subkind=EI", "subkind", "unknown"), ("organisation_id=x", "organisation_id", "unknown"),
])
def test_offer_search_bad_queries(api, query, field, code):
    assert_invalid_query(api.get(f"{OFFERS}?{query}"), (field, code))


# Reference data of the catalogue

REFERENCE = ["/v1/reference/organisation-kinds", "/v1/reference/labels",
             "/v1/reference/offer-types"]


def test_organisation_kinds(api):
    items = api.get("/v1/reference/organisation-kinds").json()["items"]
    assert {k["code"] for k in items} == set(authkit.ORGANISATION_KINDS)
    assert len(items) == len(authkit.ORGANISATION_KINDS)
    subkinds = [s["code"] for k in items for s in k["subkinds"]]
    assert len(subkinds) == len(set(subkinds)), "a subkind belongs to two kinds"
    by_kind = {k["code"]: {s["code"] for s in k["subkinds"]} for k in items}
    assert {"EI", "ACI", "AI", "ETTI", "EITI"} <= by_kind["siae"], by_kind["siae"]
    assert {"EA", "ESAT"} <= by_kind["handicap"], by_kind["handicap"]
    assert by_kind["ess"], "ESS legal forms"
    assert all(k["label"] for k in items)


def test_labels(api):
    items = api.get("/v1/reference/labels").json()["items"]
    assert len(items) >= 2
    codes = [i["code"] for i in items]
    assert len(codes) == len(set(codes))


def test_offer_types(api):
    items = api.get("/v1/reference/offer-types").json()["items"]
    assert sorted(i["code"] for i in items) == sorted(kit.OFFER_TYPES)


@pytest.mark.parametrize("path", REFERENCE)
def test_reference_is_cached(api, path):
    r = api.get(path)
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    etag = r.headers["ETag"]
    again = api.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert_invalid_query(api.get(path + "?x=1"), ("x", "unknown"))
