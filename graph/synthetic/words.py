"""Word lists for synthetic organizations (graph/synthetic/generate.py): topics, regions, sentences.

The topics and phrasing imitate the embedded IOM text, so names, descriptions and search queries
over a generated organization look like the real ones (shared words, long paragraphs, typographic
apostrophes) without copying it.
"""

from __future__ import annotations

TOPICS = (
    *("Migration Health", "Labour Mobility", "Border Governance", "Immigration Management"),
    *("Resettlement", "Movement Management", "Displacement Tracking", "Humanitarian Response"),
    *("Emergency Preparedness", "Camp Coordination", "Shelter and Settlements", "Protection"),
    *("Counter-Trafficking", "Assisted Voluntary Return", "Reintegration", "Durable Solutions"),
    *("Climate Mobility", "Disaster Risk Reduction", "Peacebuilding", "Community Stabilization"),
    *(
        "Transitional Justice",
        "Land and Property",
        "Water, Sanitation and Hygiene",
        "Cash-based Interventions",
    ),
    *("Data Protection", "Migration Data", "Statistics and Analysis", "Research"),
    *("Policy Coordination", "Legal Identity", "Diaspora Engagement", "Remittances"),
    *("Social Inclusion", "Skills Development", "Fair Recruitment", "Migrant Protection"),
    *("Child Protection", "Gender Equality", "Disability Inclusion", "Mental Health"),
    *("Psychosocial Support", "Health Assessment", "Travel Health", "Public Health Emergencies"),
    *("Procurement", "Supply Chain", "Fleet Management", "Facilities Management"),
    *("Budget", "Treasury", "Accounting", "Financial Reporting", "Payroll"),
    *("Talent Acquisition", "Staff Development", "Staff Welfare", "Occupational Health"),
    *("Information Security", "Enterprise Architecture", "Digital Services", "Data Platforms"),
    *("Knowledge Management", "Communications", "Media Relations", "Digital Outreach"),
    *("Donor Relations", "Private Sector Partnerships", "Resource Mobilization", "Grants"),
    *("Internal Audit", "Evaluation", "Risk Management", "Compliance", "Ethics"),
    *("Results-based Management", "Project Development", "Programme Quality", "Monitoring"),
    *("Capacity Building", "Integrated Border Management", "Identity Management", "Visa Support"),
    *("Consular Cooperation", "Regional Consultative Processes", "Migration Governance"),
    *("Environmental Sustainability", "Accountability to Affected Populations", "Inclusion"),
    *("Community Engagement", "Early Warning", "Anticipatory Action", "Recovery"),
    *("Urban Displacement", "Cross-border Cooperation", "Pastoral Mobility", "Rural Livelihoods"),
)

QUALIFIERS = (
    *("Regional", "Operational", "Technical", "Field", "Strategic", "Global", "Thematic"),
    *("Policy", "Programme", "Emergency", "Analytical", "Coordination", "Support", "Quality"),
)

# Nouns the sentences are built from; the text vocabulary grows with them, as real text does.
OBJECTS = (
    *("guidance", "standards", "tools", "training", "technical assistance", "analysis"),
    *("partnerships", "frameworks", "strategies", "reports", "assessments", "programmes"),
    *("projects", "operations", "policies", "procedures", "systems", "data", "evidence"),
    *("capacity", "coordination", "oversight", "expertise", "advice", "services", "support"),
)
AUDIENCES = (
    *("Member States", "field offices", "country offices", "regional offices", "governments"),
    *("United Nations agencies", "civil society", "donors", "migrants and their families"),
    *("host communities", "local authorities", "partners", "staff", "senior management"),
)
VERBS = (
    *("provides", "develops", "coordinates", "supports", "oversees", "leads", "manages"),
    *("strengthens", "promotes", "monitors", "designs", "delivers", "reviews", "maintains"),
)
ADVERBIALS = (
    *("across the Organization", "in close cooperation with Headquarters", "at country level"),
    *("throughout the project cycle", "in line with institutional priorities"),
    *("in emergency and post-crisis settings", "within the global network of offices"),
    *("in accordance with the Organization’s regulations", "under the Strategic Plan"),
)
PURPOSES = (
    *("to improve the quality of programming", "to ensure accountability to donors"),
    *("to protect the rights of migrants", "to reduce the risks faced by displaced people"),
    *("to strengthen migration governance", "to advance the Global Compact for Migration"),
    *("to support evidence-based policymaking", "to respond to sudden-onset emergencies"),
    *("to build the capacity of national institutions", "to promote safe and regular migration"),
)

# IOM-style regional offices: (city, country code, region, countries coordinated).
REGIONS = (
    (
        "Bangkok",
        "TH",
        "Asia and the Pacific",
        "AF BD BT BN KH CN FJ IN ID JP KI KR LA MY MV MH FM"
        " MN MM NR NP NZ PK PW PG PH WS SB LK TL TO TV VU VN AU IR",
    ),
    (
        "Brussels",
        "BE",
        "the European Economic Area",
        "AT BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE NO IS CH GB",
    ),
    (
        "Vienna",
        "AT",
        "South-Eastern Europe, Eastern Europe and Central Asia",
        "AL AM AZ BY BA GE KZ KG MD ME MK RS TJ TM TR UA UZ",
    ),
    ("Buenos Aires", "AR", "South America", "BO BR CL CO EC GY PY PE SR UY VE"),
    (
        "San José",
        "CR",
        "Central America, North America and the Caribbean",
        "BS BZ CA CU DM DO SV GT HT HN JM MX NI PA TT US BB",
    ),
    (
        "Cairo",
        "EG",
        "the Middle East and North Africa",
        "DZ BH IQ JO KW LB LY MA OM PS QA SA SD SY TN AE YE",
    ),
    (
        "Dakar",
        "SN",
        "West and Central Africa",
        "BJ BF CV CM CF TD CG CD CI GQ GA GM GH GN GW LR ML MR NE NG ST SL TG",
    ),
    ("Nairobi", "KE", "East and Horn of Africa", "BI DJ ER ET RW SO SS TZ UG"),
    ("Pretoria", "ZA", "Southern Africa", "AO BW KM SZ LS MG MW MU MZ NA SC ZM ZW"),
)

RELATION_SENTENCES = {
    "coordinates_with": "The {a} coordinates its activities with the {b} to benefit from"
    " increased synergies.",
    "collaborates_with": "In collaboration with the {b}, the {a} maintains joint guidance and"
    " shared tools for {topic}.",
    "supports": "The {a} provides technical and operational support to the {b}.",
    "oversees": "The {a} oversees the work of the {b} and reviews its results.",
    "supervises": "The {a} supervises the {b} on matters of {topic}.",
    "secretariat_of": "The {a} acts as the secretariat of the {b}.",
    "works_through": "The {a} works through the {b} to reach its partners.",
    "reports_to": "The {a} reports to the {b} on {topic}.",
}
