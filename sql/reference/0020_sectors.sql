-- Reference data: the two-level sector taxonomy (groups, then sectors) used by
-- the public catalogue, supplier pages, offers and purchase needs.
--
-- Loaded on every start; idempotent (upsert on the code, rows are only
-- rewritten when a value differs, nothing is ever deleted; groups first, as
-- sectors reference them). No BEGIN/COMMIT here: the loader (or
-- psql --single-transaction) chooses the transaction.
--
-- Sources: the twelve groups named in docs/DOMAIN.md, completed with what the
-- ESS and IAE enterprises of Mayotte sell, and inspired by the sector list of
-- the state's "Marché de l'inclusion" (gip-inclusion/le-marche, fixtures
-- sectorgroups/sectors), regrouped and adapted to Mayotte (BTC bricks,
-- ylang-ylang and vanilla, mangroves, end-of-life vehicles, French as a second
-- language, interpreting in shimaoré and kibushi).
--
-- Codes are published through /v1/reference/sectors and never change: fix a
-- label or a position freely, never rename a code (add a new one instead).
-- Every sector code starts with its group code followed by "-".
-- position = display order: groups among groups, sectors within their group.

SET client_encoding = 'UTF8';

INSERT INTO sector_groups AS g (code, label, position)
VALUES
    ('btp',                'Bâtiment & travaux publics',          1),
    ('espaces-verts',      'Espaces verts & environnement',       2),
    ('proprete',           'Propreté & nettoyage',                3),
    ('dechets',            'Collecte, tri & recyclage',           4),
    ('restauration',       'Restauration & traiteur',             5),
    ('transport',          'Transport & logistique',              6),
    ('textile',            'Textile & couture',                   7),
    ('services-personne',  'Services à la personne',              8),
    ('numerique',          'Informatique & numérique',            9),
    ('communication',      'Communication & impression',         10),
    ('agriculture',        'Agriculture & alimentation',         11),
    ('formation',          'Formation',                          12),
    ('mise-a-disposition', 'Mise à disposition de personnel',    13),
    ('maintenance',        'Entretien & maintenance',            14),
    ('artisanat-culture',  'Artisanat & culture',                15),
    ('tourisme',           'Tourisme & hébergement',             16),
    ('administratif',      'Services administratifs & accueil',  17),
    ('securite-mediation', 'Sécurité & médiation',               18)
ON CONFLICT (code) DO UPDATE SET
    label    = EXCLUDED.label,
    position = EXCLUDED.position
WHERE (g.label, g.position)
    IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.position);

INSERT INTO sectors AS s (code, group_code, label, position)
VALUES
    -- Bâtiment & travaux publics
    ('btp-gros-oeuvre',            'btp', 'Gros œuvre & maçonnerie',                                        1),
    ('btp-second-oeuvre',          'btp', 'Second œuvre : plâtrerie, cloisons, isolation',                  2),
    ('btp-peinture',               'btp', 'Peinture & revêtements muraux',                                  3),
    ('btp-carrelage',              'btp', 'Carrelage & revêtements de sols',                                4),
    ('btp-menuiserie',             'btp', 'Menuiserie bois & aluminium',                                    5),
    ('btp-electricite',            'btp', 'Électricité',                                                    6),
    ('btp-plomberie',              'btp', 'Plomberie & sanitaires',                                         7),
    ('btp-metallerie',             'btp', 'Serrurerie, métallerie & ouvrages métalliques',                  8),
    ('btp-couverture',             'btp', 'Charpente, couverture & étanchéité',                             9),
    ('btp-vrd',                    'btp', 'Terrassement, voirie & réseaux divers (VRD)',                   10),
    ('btp-demolition',             'btp', 'Déconstruction, curage & démolition',                           11),
    ('btp-materiaux',              'btp', 'Matériaux de construction (briques de terre compressée, parpaings…)', 12),
    ('btp-renovation-energetique', 'btp', 'Rénovation énergétique & énergie solaire',                      13),

    -- Espaces verts & environnement
    ('espaces-verts-entretien',         'espaces-verts', 'Création & entretien d''espaces verts',                      1),
    ('espaces-verts-elagage',           'espaces-verts', 'Élagage, abattage & débroussaillage',                        2),
    ('espaces-verts-espaces-naturels',  'espaces-verts', 'Entretien d''espaces naturels : rivières, mangroves, sentiers', 3),
    ('espaces-verts-reboisement',       'espaces-verts', 'Reboisement & lutte contre l''érosion',                      4),
    ('espaces-verts-genie-ecologique',  'espaces-verts', 'Génie écologique & lutte contre les espèces invasives',      5),
    ('espaces-verts-sensibilisation',   'espaces-verts', 'Éducation & sensibilisation à l''environnement',             6),

    -- Propreté & nettoyage
    ('proprete-locaux',      'proprete', 'Nettoyage de locaux & de bureaux',                                1),
    ('proprete-specifique',  'proprete', 'Nettoyage spécifique : fin de chantier, vitrerie, milieu de santé', 2),
    ('proprete-urbaine',     'proprete', 'Propreté urbaine : voirie, plages, ravines',                      3),
    ('proprete-vehicules',   'proprete', 'Nettoyage de véhicules',                                          4),
    ('proprete-hygiene',     'proprete', 'Hygiène : dératisation, désinsectisation, désinfection',          5),
    ('proprete-produits',    'proprete', 'Produits d''entretien & d''hygiène',                              6),

    -- Collecte, tri & recyclage
    ('dechets-collecte',     'dechets', 'Collecte de déchets & d''encombrants',                             1),
    ('dechets-tri',          'dechets', 'Tri & valorisation des déchets',                                   2),
    ('dechets-biodechets',   'dechets', 'Déchets verts, biodéchets & compostage',                           3),
    ('dechets-chantier',     'dechets', 'Déchets de chantier',                                              4),
    ('dechets-deee',         'dechets', 'Déchets d''équipements électriques & électroniques (DEEE)',        5),
    ('dechets-vhu',          'dechets', 'Véhicules hors d''usage (VHU) : enlèvement & dépollution',         6),
    ('dechets-reemploi',     'dechets', 'Réemploi : recyclerie, ressourcerie, vente d''occasion',           7),

    -- Restauration & traiteur
    ('restauration-collective',      'restauration', 'Restauration collective & scolaire',                  1),
    ('restauration-traiteur',        'restauration', 'Traiteur, buffets & cocktails',                       2),
    ('restauration-plateaux-repas',  'restauration', 'Plateaux-repas, collations & paniers-repas',          3),
    ('restauration-boulangerie',     'restauration', 'Boulangerie, pâtisserie & confiserie',                4),
    ('restauration-restaurant',      'restauration', 'Restaurant, snack & cafétéria',                       5),

    -- Transport & logistique
    ('transport-personnes',     'transport', 'Transport de personnes',                                      1),
    ('transport-marchandises',  'transport', 'Transport de marchandises',                                   2),
    ('transport-demenagement',  'transport', 'Déménagement',                                                3),
    ('transport-livraison',     'transport', 'Livraison, coursiers, plis & colis',                          4),
    ('transport-logistique',    'transport', 'Logistique, manutention & conditionnement',                   5),
    ('transport-location',      'transport', 'Location de véhicules & de vélos',                            6),

    -- Textile & couture
    ('textile-confection',    'textile', 'Confection à façon & vêtements de travail',                       1),
    ('textile-retouches',     'textile', 'Couture, retouches & réparation de vêtements',                    2),
    ('textile-marquage',      'textile', 'Broderie & marquage textile',                                     3),
    ('textile-blanchisserie', 'textile', 'Blanchisserie, pressing & repassage',                             4),

    -- Services à la personne
    ('services-personne-menage',           'services-personne', 'Ménage & repassage à domicile',                   1),
    ('services-personne-garde-enfants',    'services-personne', 'Garde d''enfants',                                2),
    ('services-personne-aide',             'services-personne', 'Aide aux personnes âgées ou handicapées',         3),
    ('services-personne-petits-travaux',   'services-personne', 'Petit jardinage & petit bricolage à domicile',    4),
    ('services-personne-soutien-scolaire', 'services-personne', 'Soutien scolaire & cours à domicile',             5),

    -- Informatique & numérique
    ('numerique-parc',              'numerique', 'Maintenance & gestion de parc informatique',                1),
    ('numerique-web',               'numerique', 'Création de sites internet & d''applications',              2),
    ('numerique-reconditionnement', 'numerique', 'Reconditionnement de matériel informatique',                3),
    ('numerique-numerisation',      'numerique', 'Numérisation & gestion électronique de documents',          4),
    ('numerique-donnees',           'numerique', 'Saisie & traitement de données',                            5),
    ('numerique-mediation',         'numerique', 'Médiation & inclusion numériques',                          6),

    -- Communication & impression
    ('communication-impression',    'communication', 'Impression & reprographie',                              1),
    ('communication-signaletique',  'communication', 'Signalétique & enseignes',                               2),
    ('communication-graphisme',     'communication', 'Graphisme & conseil en communication',                   3),
    ('communication-audiovisuel',   'communication', 'Photo, vidéo & production audiovisuelle',                4),
    ('communication-evenementiel',  'communication', 'Organisation d''événements & location de matériel',      5),
    ('communication-objets',        'communication', 'Objets promotionnels',                                   6),

    -- Agriculture & alimentation
    ('agriculture-maraichage',      'agriculture', 'Maraîchage, fruits & légumes',                              1),
    ('agriculture-elevage',         'agriculture', 'Élevage : volailles, caprins, bovins',                      2),
    ('agriculture-peche',           'agriculture', 'Pêche & aquaculture',                                       3),
    ('agriculture-plantes-parfum',  'agriculture', 'Ylang-ylang, vanille & plantes aromatiques',                4),
    ('agriculture-horticulture',    'agriculture', 'Horticulture, pépinière & plants',                          5),
    ('agriculture-transformation',  'agriculture', 'Transformation agroalimentaire : conserves, confitures, jus', 6),
    ('agriculture-circuits-courts', 'agriculture', 'Circuits courts & paniers de produits locaux',              7),

    -- Formation
    ('formation-professionnelle', 'formation', 'Formation professionnelle & qualifiante',                       1),
    ('formation-savoirs-base',    'formation', 'Savoirs de base, français langue seconde & lutte contre l''illettrisme', 2),
    ('formation-securite',        'formation', 'Sécurité au travail : SST, habilitations, CACES',               3),
    ('formation-mobilite',        'formation', 'Mobilité : auto-école sociale, apprentissage du vélo',          4),
    ('formation-conseil',         'formation', 'Conseil & accompagnement des organisations',                    5),

    -- Mise à disposition de personnel
    ('mise-a-disposition-etti',   'mise-a-disposition', 'Intérim d''insertion (ETTI)',                           1),
    ('mise-a-disposition-ai',     'mise-a-disposition', 'Mise à disposition par une association intermédiaire (AI)', 2),
    ('mise-a-disposition-geiq',   'mise-a-disposition', 'Mise à disposition par un groupement d''employeurs (GEIQ)', 3),
    ('mise-a-disposition-adapte', 'mise-a-disposition', 'Mise à disposition & intérim adaptés (EA, EATT, ESAT)',  4),

    -- Entretien & maintenance
    ('maintenance-batiment',       'maintenance', 'Maintenance & entretien de bâtiments',                       1),
    ('maintenance-equipements',    'maintenance', 'Entretien de machines, d''équipements & de climatisation',   2),
    ('maintenance-espace-urbain',  'maintenance', 'Entretien du mobilier urbain & des équipements publics',     3),
    ('maintenance-automobile',     'maintenance', 'Garage & mécanique automobile',                              4),
    ('maintenance-cycles',         'maintenance', 'Réparation de vélos & de deux-roues',                        5),
    ('maintenance-electromenager', 'maintenance', 'Réparation d''électroménager & de petits appareils',         6),

    -- Artisanat & culture
    ('artisanat-culture-art',       'artisanat-culture', 'Artisanat d''art & objets traditionnels',              1),
    ('artisanat-culture-bois',      'artisanat-culture', 'Travail du bois & ébénisterie',                        2),
    ('artisanat-culture-mobilier',  'artisanat-culture', 'Fabrication & rénovation de mobilier',                 3),
    ('artisanat-culture-spectacle', 'artisanat-culture', 'Spectacle vivant, animation & activités culturelles',  4),
    ('artisanat-culture-sport',     'artisanat-culture', 'Activités sportives & de loisirs',                     5),

    -- Tourisme & hébergement
    ('tourisme-hebergement',  'tourisme', 'Hébergement touristique & gîtes',                                    1),
    ('tourisme-excursions',   'tourisme', 'Excursions, visites guidées & découverte du patrimoine',             2),
    ('tourisme-nautique',     'tourisme', 'Activités nautiques & découverte du lagon',                          3),

    -- Services administratifs & accueil
    ('administratif-secretariat',  'administratif', 'Secrétariat & travaux administratifs',                     1),
    ('administratif-accueil',      'administratif', 'Accueil physique & téléphonique',                          2),
    ('administratif-archivage',    'administratif', 'Archivage, mailing & mise sous pli',                       3),
    ('administratif-conciergerie', 'administratif', 'Conciergerie d''entreprise',                               4),
    ('administratif-fournitures',  'administratif', 'Papeterie & fournitures de bureau',                        5),
    ('administratif-traduction',   'administratif', 'Traduction & interprétariat (shimaoré, kibushi…)',          6),

    -- Sécurité & médiation
    ('securite-mediation-gardiennage', 'securite-mediation', 'Gardiennage & surveillance',                      1),
    ('securite-mediation-sociale',     'securite-mediation', 'Médiation sociale & urbaine',                     2),
    ('securite-mediation-abords',      'securite-mediation', 'Médiation aux abords des écoles & dans les transports', 3)
ON CONFLICT (code) DO UPDATE SET
    group_code = EXCLUDED.group_code,
    label      = EXCLUDED.label,
    position   = EXCLUDED.position
WHERE (s.group_code, s.label, s.position)
    IS DISTINCT FROM (EXCLUDED.group_code, EXCLUDED.label, EXCLUDED.position);
