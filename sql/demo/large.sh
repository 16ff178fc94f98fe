#!/bin/sh
# A large catalogue for load and search tests: `large.sh N` makes the
# generated suppliers exactly suppliers 1..N (3 published offers each),
# adding the missing ones and deleting those above N; `large.sh 0` removes
# them all. Run it again with the same N and nothing changes. The demo data
# (sql/demo/*.sql) is not touched; the reference data must be loaded
# (make demo-large does it).
#
# Generated rows live in their own id ranges, which nothing else uses:
#   supplier i   00000000-0000-4000-8100-<i on 12 digits>
#   its offer k  00000000-0000-4000-8101-<i on 9 digits><k on 3 digits>
# Names, sectors, communes, labels and texts are mixtures picked by hashes
# of i, so supplier i is the same whatever N. SIRETs are
# 9<i on 7 digits><Luhn digit> 0001<Luhn digit>: SIREN and SIRET both pass
# the Luhn check, and are unique (the hand-written demo suppliers' SIRENs
# start with 4 to 8). All are published, active and approved.
#
# Speed: the search columns are kept by per-row triggers. Inserting an offer
# fires offers_touch, which rewrites its organisation, whose
# organisations_search trigger then rebuilds the organisation's whole
# document: four documents and four row versions per supplier. Measured in
# the private cluster: 2,000 suppliers took 6.5 s and 10,000 took 56 s that
# way, worse than linear. And organisation_document() costs about 1 ms a
# call from the trigger (its plan is not kept from one call to the next)
# against 0.3 ms a row when one statement calls it for many rows.
# So, inside the one transaction of the run, organisations_search and
# offers_touch are disabled (ALTER TABLE ... DISABLE TRIGGER, undone before
# COMMIT, so that no other session ever sees them disabled; it takes a SHARE
# ROW EXCLUSIVE lock, which lets readers through and makes writers to those
# two tables wait for the end of the run), the rows are inserted, and one
# UPDATE fills search and search_text from organisation_document(), the
# very function the trigger calls. offers_search (cheap, per offer) and the
# foreign keys stay on. This needs the tables' owner only, not a superuser
# (unlike session_replication_role = replica, which would also skip the
# foreign keys and offers_search). What is left is mostly the GIN indexes
# (full text and trigrams) taking the new documents.
#
# It connects like sql/migrate.sh: MIGRATE_DATABASE_URL, else DATABASE_URL,
# else the private cluster's database as its owner role.
#
# usage: large.sh [N]   (default 10000, at most 999999)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
n=${1:-10000}
case "$n" in
''|*[!0-9]*)	echo "usage: $0 [N]   (N a number of suppliers, 0 removes them)" >&2
		exit 2 ;;
esac
n=$(echo "$n" | sed 's/^0*//')
n=${n:-0}
if [ ${#n} -gt 6 ]; then
	echo "large: N is at most 999999" >&2
	exit 2
fi
conninfo=$("$ROOT/sql/cluster.sh" owner-url)
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGOPTIONS

start=$(date +%s.%N)
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -v n="$n" "$conninfo" <<'SQL'
SET client_encoding = 'UTF8';
BEGIN;
-- One run at a time, and never during a migration (migrate.sh's lock).
SELECT pg_advisory_xact_lock(976976) \gset

-- The Luhn check digit of a string of digits.
CREATE FUNCTION pg_temp.luhn(p text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT ((10 - sum(CASE WHEN j % 2 = 1 THEN 2 * d / 10 + 2 * d % 10
	    ELSE d END) % 10) % 10)::text
	FROM (SELECT j, substr(p, length(p) - j + 1, 1)::int AS d
	    FROM generate_series(1, length(p)) j) x
$$;

-- A number in 0..m-1 picked by supplier i and a salt, the same every run.
CREATE FUNCTION pg_temp.pick(i integer, salt text, m integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT ((hashtext(i || ':' || salt)::bigint % m + m) % m)::integer
$$;

ALTER TABLE organisations DISABLE TRIGGER organisations_search;
ALTER TABLE offers DISABLE TRIGGER offers_touch;

-- Above N: removed (their offers go with them, ON DELETE CASCADE).
DELETE FROM organisations
WHERE id > ('00000000-0000-4000-8100-' || lpad(:n::text, 12, '0'))::uuid
  AND id <= '00000000-0000-4000-8100-999999999999';

-- What a supplier does: 20 trades, each with its sectors, the subkinds
-- that practise it, a description and three offers.
CREATE TEMP TABLE theme (
	t		integer PRIMARY KEY,
	word		text,
	sectors		text[],
	subkinds	text[],
	activity	text,
	titles		text[],
	types		text[],
	details		text[],
	prices		text[]
) ON COMMIT DROP;
INSERT INTO theme VALUES
(0, 'Propreté', '{proprete-locaux,proprete-specifique}',
 '{EI,ACI,AI,EA,ETTI}',
 'nettoyage de bureaux, de locaux et d''écoles, vitrerie et remise en état après travaux',
 '{"Nettoyage de bureaux","Nettoyage de fin de chantier","Lavage de vitres"}',
 '{service,service,service}',
 '{"Entretien courant des bureaux, sanitaires et parties communes.","Remise en état des bâtiments avant livraison.","Vitres et baies vitrées, nacelle si besoin."}',
 '{"À partir de 19 € HT/heure","Sur devis","Sur devis"}'),
(1, 'Jardins', '{espaces-verts-entretien,espaces-verts-elagage}',
 '{ACI,EI,ESAT,AI}',
 'entretien des espaces verts, tonte, taille de haies, élagage et débroussaillage',
 '{"Entretien des espaces verts","Débroussaillage de parcelles","Élagage et abattage d''arbres"}',
 '{service,service,works}',
 '{"Tonte, taille et désherbage manuel des jardins publics.","Débroussaillage des terrains et des bords de route.","Élagage de manguiers et de cocotiers, abattage par démontage."}',
 '{"À partir de 22 € HT/heure","Sur devis","Sur devis"}'),
(2, 'Bâtiment', '{btp-gros-oeuvre,btp-materiaux}',
 '{EI,SCOP,GEIQ,ETTI}',
 'maçonnerie, gros œuvre et construction en briques de terre compressée',
 '{"Travaux de maçonnerie","Briques de terre compressée","Mise à disposition de maçons"}',
 '{works,good,staff_provision}',
 '{"Murs, dalles et enduits pour bâtiments publics et logements.","Briques pleines et alvéolées livrées sur chantier.","Maçons et manœuvres en parcours d''insertion pour vos chantiers."}',
 '{"Sur devis","1,10 € HT la brique","Sur devis"}'),
(3, 'Menuiserie', '{btp-menuiserie,artisanat-culture-mobilier}',
 '{EI,ACI,ESAT,SCOP}',
 'menuiserie bois et aluminium, mobilier sur mesure et réparation de meubles',
 '{"Fabrication et pose de menuiseries","Mobilier sur mesure","Réparation de mobilier"}',
 '{works,good,service}',
 '{"Portes, fenêtres et placards en bois ou en aluminium.","Tables, bancs et étagères pour écoles et bureaux.","Remise en état de chaises, bureaux et armoires."}',
 '{"Sur devis","À partir de 150 € HT","Sur devis"}'),
(4, 'Couleurs', '{btp-peinture,btp-carrelage}',
 '{ACI,EI}',
 'peinture intérieure et extérieure, ravalement de façades et pose de carrelage',
 '{"Peinture de bâtiments","Pose de carrelage","Ravalement de façades"}',
 '{works,works,works}',
 '{"Peinture des écoles, mairies et logements sociaux.","Sols et murs de sanitaires et de cuisines.","Nettoyage, reprise des enduits et peinture des façades."}',
 '{"À partir de 14 € HT le m²","Sur devis","Sur devis"}'),
(5, 'Recyclerie', '{dechets-reemploi,dechets-tri,dechets-deee}',
 '{ACI,EI,SCIC,association}',
 'collecte, tri et réemploi d''objets, de meubles et d''équipements électriques',
 '{"Collecte d''encombrants","Vente d''objets de réemploi","Collecte des DEEE"}',
 '{service,good,service}',
 '{"Enlèvement des meubles et objets dont vous n''avez plus l''usage.","Meubles et électroménager réparés, vendus à petit prix.","Ordinateurs, écrans et imprimantes hors d''usage, traçabilité fournie."}',
 '{"Sur devis","Petits prix","Gratuit au-delà de 50 kg"}'),
(6, 'Saveurs', '{restauration-traiteur,restauration-plateaux-repas}',
 '{EI,ESAT,association,SCOP}',
 'traiteur, buffets, cocktails et plateaux-repas aux saveurs mahoraises',
 '{"Buffets et cocktails","Plateaux-repas","Pauses-café et collations"}',
 '{service,good,good}',
 '{"Buffets salés et sucrés de 20 à 300 personnes.","Plateaux-repas livrés pour vos réunions.","Beignets, gâteaux et jus de fruits locaux."}',
 '{"À partir de 18 € HT par personne","14 € HT le plateau","Sur devis"}'),
(7, 'Cantine', '{restauration-collective,restauration-plateaux-repas}',
 '{association,EI,EA}',
 'restauration collective et scolaire, repas équilibrés cuisinés avec des produits locaux',
 '{"Repas pour la restauration scolaire","Portage de repas","Paniers-repas"}',
 '{service,service,good}',
 '{"Repas livrés en liaison chaude aux écoles.","Repas livrés à domicile aux personnes âgées.","Paniers-repas pour sorties scolaires et chantiers."}',
 '{"4,20 € HT le repas","Sur devis","7 € HT le panier"}'),
(8, 'Couture', '{textile-confection,textile-retouches,textile-marquage}',
 '{ACI,ESAT,association}',
 'couture, confection de vêtements de travail, retouches et broderie',
 '{"Confection de vêtements de travail","Retouches et réparations","Broderie et marquage textile"}',
 '{good,service,service}',
 '{"Blouses, tabliers et gilets à vos couleurs.","Ourlets, fermetures et reprises.","Logos brodés sur polos, tee-shirts et casquettes."}',
 '{"Sur devis","À partir de 5 €","Sur devis"}'),
(9, 'Blanchisserie', '{textile-blanchisserie}',
 '{EA,ESAT,EI}',
 'blanchisserie, pressing et entretien du linge professionnel',
 '{"Blanchisserie du linge plat","Pressing et repassage","Entretien des tenues de travail"}',
 '{service,service,service}',
 '{"Draps, nappes et serviettes des hôtels et internats.","Repassage et pressing, collecte et livraison.","Lavage et petites réparations des tenues."}',
 '{"2,50 € HT le kg","Sur devis","Sur devis"}'),
(10, 'Logistique', '{transport-logistique,transport-demenagement,transport-livraison}',
 '{EI,EA,ETTI,SCOP}',
 'logistique, manutention, déménagement et livraison',
 '{"Déménagement de bureaux","Livraison de plis et colis","Manutention et conditionnement"}',
 '{service,service,service}',
 '{"Transfert de services et d''archives, week-end possible.","Courses et tournées régulières.","Mise en kits, étiquetage et filmage de palettes."}',
 '{"Sur devis","8 € HT la course","Sur devis"}'),
(11, 'Numérique', '{numerique-reconditionnement,numerique-numerisation,numerique-mediation}',
 '{EA,EI,SCIC}',
 'reconditionnement d''ordinateurs, numérisation d''archives et médiation numérique',
 '{"Ordinateurs reconditionnés","Numérisation d''archives","Ateliers d''inclusion numérique"}',
 '{good,service,service}',
 '{"Portables et postes fixes garantis un an.","Numérisation et indexation de vos dossiers.","Démarches en ligne et usage du smartphone."}',
 '{"À partir de 190 € HT","0,12 € HT la page","Sur devis"}'),
(12, 'Impressions', '{communication-impression,communication-signaletique}',
 '{SCOP,EA,ESAT}',
 'impression, reprographie, signalétique et création graphique',
 '{"Impression de documents","Signalétique et banderoles","Création graphique"}',
 '{good,good,service}',
 '{"Flyers, affiches et brochures sur papier recyclé.","Panneaux de chantier, kakémonos et banderoles.","Logos, chartes graphiques et mises en page."}',
 '{"Sur devis","Sur devis","350 € HT le logo"}'),
(13, 'Ferme', '{agriculture-maraichage,agriculture-circuits-courts,agriculture-elevage}',
 '{ACI,cooperative,association,GEIQ}',
 'maraîchage, élevage et vente de produits locaux en circuits courts',
 '{"Paniers de légumes de saison","Œufs et volailles","Fruits pour la restauration collective"}',
 '{good,good,good}',
 '{"Brèdes, tomates, concombres et bananes.","Œufs frais et poulets élevés en plein air.","Bananes, mangues et papayes livrées aux cantines."}',
 '{"15 € le panier","9 € le kg","Prix du marché"}'),
(14, 'Services', '{services-personne-menage,services-personne-aide}',
 '{AI,association,EI}',
 'ménage à domicile et aide aux personnes âgées ou handicapées',
 '{"Ménage et repassage à domicile","Aide aux personnes âgées","Mise à disposition d''aides à domicile"}',
 '{service,service,staff_provision}',
 '{"Entretien du logement et du linge.","Aide aux repas, aux courses et accompagnement.","Intervenants pour vos remplacements."}',
 '{"24 € l''heure","Sur devis","21 € HT/heure"}'),
(15, 'Formation', '{formation-professionnelle,formation-savoirs-base,formation-securite}',
 '{association,SCIC,fondation}',
 'formation professionnelle, français langue seconde et sécurité au travail',
 '{"Formation qualifiante","Français langue seconde","Formation sauveteur secouriste du travail"}',
 '{service,service,service}',
 '{"Titres professionnels en alternance.","Cours pour adultes, du niveau A1 au niveau B1.","Formation initiale et recyclage SST."}',
 '{"Sur devis","Sur devis","180 € HT par stagiaire"}'),
(16, 'Intérim', '{btp-gros-oeuvre,proprete-locaux,transport-logistique}',
 '{ETTI,AI,EATT}',
 'mise à disposition de personnel en insertion dans le bâtiment, la propreté et la logistique',
 '{"Intérim d''insertion dans le bâtiment","Intérim d''insertion en propreté","Intérim d''insertion en logistique"}',
 '{staff_provision,staff_provision,staff_provision}',
 '{"Manœuvres et aides-maçons, heures d''insertion comptabilisées.","Agents d''entretien pour vos remplacements.","Préparateurs de commandes et manutentionnaires."}',
 '{"Coefficient sur devis","Coefficient sur devis","Coefficient sur devis"}'),
(17, 'Maintenance', '{maintenance-batiment,maintenance-equipements,btp-plomberie}',
 '{EI,EA}',
 'maintenance de bâtiments, entretien des climatisations et petits travaux de plomberie',
 '{"Maintenance de bâtiments","Entretien des climatisations","Petits travaux de plomberie"}',
 '{service,service,works}',
 '{"Contrat de maintenance préventive et dépannages.","Nettoyage des filtres et contrôle des climatiseurs.","Réparation de fuites et remplacement de sanitaires."}',
 '{"Sur devis","65 € HT l''appareil","Sur devis"}'),
(18, 'Nature', '{espaces-verts-espaces-naturels,espaces-verts-reboisement,espaces-verts-sensibilisation}',
 '{ACI,association,SCIC}',
 'protection des mangroves et des rivières, reboisement et sensibilisation à l''environnement',
 '{"Nettoyage de mangroves et de rivières","Reboisement et lutte contre l''érosion","Animations nature pour les scolaires"}',
 '{service,works,service}',
 '{"Ramassage des déchets et entretien des accès.","Plantation d''espèces locales sur les versants.","Sorties pédagogiques pour les écoles."}',
 '{"Sur devis","Sur devis","250 € la demi-journée"}'),
(19, 'Découvertes', '{tourisme-nautique,tourisme-excursions,tourisme-hebergement}',
 '{SCIC,association,cooperative}',
 'tourisme solidaire, sorties en mer, randonnées guidées et hébergement de groupes',
 '{"Sorties découverte du lagon","Randonnées guidées","Hébergement de groupes"}',
 '{service,service,service}',
 '{"Observation des tortues et des dauphins.","Circuits à la journée pour groupes et séminaires.","Gîte et salle de réunion, pension complète possible."}',
 '{"45 € par personne","Sur devis","55 € la nuitée"}');

CREATE TEMP TABLE gen ON COMMIT DROP AS
WITH ids AS (
	SELECT i, ('00000000-0000-4000-8100-' || lpad(i::text, 12, '0'))::uuid
	    AS id
	FROM generate_series(1, :n) i
), todo AS (
	SELECT ids.* FROM ids
	WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = ids.id)
), c AS (
	SELECT array_agg(code::text ORDER BY code) AS codes,
	    array_agg(label ORDER BY code) AS labels FROM communes
), l AS (
	SELECT array_agg(code ORDER BY position) AS codes FROM labels
), flavours AS (
	SELECT '{Horizon,Alizés,Baobab,Ylang,Maoré,Récif,Corail,Makis,Tortue,Pirogue,Boutre,Mangrove,Soleil,Avenir,Entraide,Océan,Badamier,Manguier,Cocotier,Vanille,Papaye,Lagon}'::text[]
	    AS words
), x0 AS (
	SELECT todo.i, todo.id, th.*,
	    th.subkinds[1 + pg_temp.pick(todo.i, 'k',
		cardinality(th.subkinds))] AS subkind,
	    pg_temp.pick(todo.i, 'c', 17) + 1 AS seat,
	    f.words[1 + pg_temp.pick(todo.i, 'f', cardinality(f.words))] AS flavour,
	    '9' || lpad(todo.i::text, 7, '0') AS siren8
	FROM todo, flavours f
	JOIN theme th ON true
	WHERE th.t = pg_temp.pick(todo.i, 't', 20)
), x AS (
	SELECT x0.*, CASE x0.subkind
	    WHEN 'ETTI' THEN 'mise-a-disposition-etti'
	    WHEN 'AI' THEN 'mise-a-disposition-ai'
	    WHEN 'GEIQ' THEN 'mise-a-disposition-geiq'
	    WHEN 'EATT' THEN 'mise-a-disposition-adapte' END AS md
	FROM x0
)
SELECT x.i, x.id, x.t, x.subkind, sk.kind_code AS kind, sk.label AS sublabel,
    c.codes[x.seat] AS seat, c.labels[x.seat] AS seat_label,
    CASE WHEN x.subkind IN ('ESAT', 'EA', 'EATT', 'GEIQ', 'ACI', 'AI',
	'SCOP', 'SCIC') AND pg_temp.pick(x.i, 'p', 2) = 0
	THEN x.subkind || ' ' ELSE '' END ||
	x.flavour || ' ' || x.word || ' ' || c.labels[x.seat] AS name,
    x.siren8 || pg_temp.luhn(x.siren8) AS siren,
    CASE WHEN pg_temp.pick(x.i, 'w', 10) < 3 THEN ARRAY['976']
	ELSE ARRAY(SELECT code FROM unnest(c.codes) code
	    WHERE code = c.codes[x.seat] OR pg_temp.pick(x.i, code, 6) = 0
	    ORDER BY code) END AS served,
    x.sectors AS tsectors,
    -- Staff provision's own sector, the trade's, and for some another
    -- sector of the trade's group.
    CASE WHEN x.md IS NULL THEN '{}' ELSE ARRAY[x.md] END || x.sectors ||
	CASE
	WHEN pg_temp.pick(x.i, 'x', 10) < 3 THEN ARRAY(SELECT code
	    FROM sectors WHERE group_code = (SELECT group_code FROM sectors
		WHERE code = x.sectors[1]) AND code <> ALL (x.sectors)
	    ORDER BY code OFFSET pg_temp.pick(x.i, 'xs', 3) LIMIT 1)
	ELSE '{}' END AS sectors,
    x.md,
    CASE WHEN pg_temp.pick(x.i, 'l', 10) < 4
	THEN ARRAY[l.codes[1 + pg_temp.pick(x.i, 'll', cardinality(l.codes))]]
	ELSE '{}'::text[] END AS labels,
    x.activity, x.titles, x.types, x.details, x.prices
FROM x CROSS JOIN c CROSS JOIN l
JOIN organisation_subkinds sk ON sk.code = x.subkind;

INSERT INTO organisations (id, name, kind, subkind, siret, legal_form, esus,
    address, commune_insee, communes_served, latitude, longitude,
    contact_email, contact_phone, website, description, sectors, labels,
    member_since, published, active, approved)
SELECT g.id, g.name, g.kind, g.subkind,
    g.siren || '0001' || pg_temp.luhn(g.siren || '0001'),
    CASE WHEN g.subkind IN ('ACI', 'AI', 'ESAT', 'GEIQ', 'association')
	THEN 'Association loi 1901'
	WHEN g.subkind = 'SCOP' THEN 'SCOP SARL'
	WHEN g.subkind = 'SCIC' THEN 'SCIC SAS'
	WHEN g.subkind = 'cooperative' THEN 'Société coopérative'
	WHEN g.subkind = 'fondation' THEN 'Fondation'
	ELSE (ARRAY['SAS', 'SARL', 'SASU'])[1 + pg_temp.pick(g.i, 'j', 3)] END,
    g.kind = 'ess' AND pg_temp.pick(g.i, 'e', 3) = 0,
    (ARRAY['Rue de la Mairie', 'Rue du Marché', 'Route nationale',
	'Chemin de la Plage', 'Zone artisanale', 'Place du Marché',
	'Rue de l''École', 'Rue du Stade'])[1 + pg_temp.pick(g.i, 'a', 8)] ||
	', ' || m.postal_code || ' ' || m.label,
    g.seat, g.served,
    m.latitude + (pg_temp.pick(g.i, 'y', 801) - 400) / 100000.0,
    m.longitude + (pg_temp.pick(g.i, 'z', 801) - 400) / 100000.0,
    'contact@fournisseur-' || g.i || '.example.org',
    '0639 98 ' || lpad((g.i / 100 % 100)::text, 2, '0') || ' ' ||
	lpad((g.i % 100)::text, 2, '0'),
    CASE WHEN pg_temp.pick(g.i, 'h', 2) = 0
	THEN 'https://fournisseur-' || g.i || '.example.org' END,
    g.sublabel || CASE WHEN g.seat_label ~* '^[aeiouyéè]' THEN ' d'''
	ELSE ' de ' END || g.seat_label || ' : ' || g.activity || '. ' ||
	(ARRAY['Nos salariés en parcours d''insertion sont accompagnés vers l''emploi durable.',
	    'Devis gratuit sous 48 heures.',
	    'Interventions en semaine et le samedi matin.',
	    'Nous répondons aux marchés publics avec clause sociale.',
	    'Équipe encadrée par des professionnels du métier.',
	    'Partenaire des communes et des bailleurs sociaux.'])
	    [1 + pg_temp.pick(g.i, 'd', 6)],
    g.sectors, g.labels,
    CASE WHEN pg_temp.pick(g.i, 'm', 2) = 0
	THEN date '2017-01-01' + pg_temp.pick(g.i, 'md', 3200) END,
    true, true, true
FROM gen g JOIN communes m ON m.code = g.seat;

INSERT INTO offers (id, organisation_id, title, description, offer_type,
    sectors, communes, price_indication, published)
SELECT ('00000000-0000-4000-8101-' || lpad(g.i::text, 9, '0') ||
	lpad(k::text, 3, '0'))::uuid,
    g.id, g.titles[k], g.details[k], g.types[k],
    ARRAY[g.tsectors[least(k, cardinality(g.tsectors))]] ||
	CASE WHEN g.types[k] = 'staff_provision' AND g.md IS NOT NULL
	THEN ARRAY[g.md] ELSE '{}' END, g.served,
    CASE WHEN pg_temp.pick(g.i, 'o' || k, 2) = 0 THEN g.prices[k] END,
    true
FROM gen g CROSS JOIN generate_series(1, 3) k;

-- Each new supplier's document, once, from organisation_document(), as
-- organisations_search would compute it, but in one statement.
UPDATE organisations o SET (search, search_text, communes_reach,
    sectors_reach, groups_reach, offer_types_reach) =
    (SELECT d.doc, d.folded, d.communes, d.sectors, d.groups, d.offer_types
    FROM organisation_document(o) d)
FROM gen g WHERE o.id = g.id;

-- The catalogue's generation moves at commit (deferred triggers, 0034):
-- their events are run now, as ALTER TABLE refuses a table that has some
-- pending.
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE organisations ENABLE TRIGGER organisations_search;
ALTER TABLE offers ENABLE TRIGGER offers_touch;

COMMIT;

SELECT count(*) AS "generated suppliers",
    (SELECT count(*) FROM offers
	WHERE id BETWEEN '00000000-0000-4000-8101-000000000000'
	AND '00000000-0000-4000-8101-999999999999') AS "their offers",
    (SELECT count(*) FROM organisations) AS "all organisations",
    (SELECT count(*) FROM offers) AS "all offers"
FROM organisations
WHERE id BETWEEN '00000000-0000-4000-8100-000000000000'
    AND '00000000-0000-4000-8100-999999999999'
\gx
SQL
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$n" \
    'BEGIN { printf "large: %d suppliers asked, done in %.1f s\n", n, e - s }' >&2
