"""metrohub's demo catalogue: four dimensions and 27 city indicators with their framework mappings.

This is metrohub's own catalogue, written for the demonstration; it is not the list of the
Metro Futures platform the 2024 report describes (the report gives only its size: 27
indicators). The framework references (ISO 37120 theme, SDG target, UN-Habitat Urban
Monitoring Framework domain) are metrohub's mapping. `services.catalogue_load` writes it,
idempotently.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

DIMENSIONS = [
    (
        "resilience",
        gettext_noop("Resilience"),
        gettext_noop("Withstanding shocks: climate, environment, risks."),
    ),
    (
        "inclusion",
        gettext_noop("Inclusion"),
        gettext_noop("Housing, jobs, services and mobility for everyone."),
    ),
    ("governance", gettext_noop("Governance"), gettext_noop("Participation, finance and institutions.")),
    (
        "innovation",
        gettext_noop("Innovation"),
        gettext_noop("Knowledge, digital services and new solutions."),
    ),
]

LICENCE = "CC BY 4.0"
SOURCE = "metrohub demo catalogue (synthetic values)"


@dataclass(frozen=True)
class Entry:
    code: str
    dimension: str
    name: str
    unit: str
    direction: str
    low: float
    high: float
    iso: str
    sdg: str
    umf: str
    numerator: str = ""
    denominator: str = ""
    definition: str = ""


H, L = "higher", "lower"
PCT = "%"

CATALOGUE = [
    # Resilience
    Entry("pm25", "resilience", "Fine particulate matter (PM2.5), annual mean", "µg/m³", L, 0, 150,
          "Environment and climate change", "11.6.2", "Environment · Sustainable"),
    Entry("ghg-per-capita", "resilience", "Greenhouse gas emissions per inhabitant", "t CO2e per person", L,
          0, 40, "Environment and climate change", "11.6", "Environment · Resilient",
          "Greenhouse gas emissions of the territory", "Population"),
    Entry("green-area", "resilience", "Green area per 100,000 inhabitants", "ha per 100,000", H, 0, 3000,
          "Urban planning", "11.7.1", "Environment · Safe", "Green area", "Population / 100,000"),
    Entry("renewable-electricity", "resilience", "Electricity from renewable sources", PCT, H, 0, 100,
          "Energy", "11.6", "Environment · Sustainable", "Renewable electricity consumed",
          "Total electricity consumed"),
    Entry("flood-exposure", "resilience", "Population in flood-prone areas", PCT, L, 0, 100,
          "Safety", "11.5.1", "Environment · Resilient", "People living in flood-prone areas", "Population"),
    Entry("disaster-losses", "resilience", "Direct economic losses from disasters", "% of city GDP", L, 0, 50,
          "Safety", "11.5.2", "Economy · Resilient", "Direct economic losses", "City GDP"),
    Entry("non-revenue-water", "resilience", "Non-revenue water", PCT, L, 0, 90,
          "Water", "", "Environment · Sustainable", "Water lost or not billed", "Water supplied"),
    Entry("waste-recycled", "resilience", "Municipal solid waste recycled", PCT, H, 0, 100,
          "Solid waste", "11.6.1", "Environment · Sustainable", "Waste recycled", "Waste collected"),
    # Inclusion
    Entry("informal-settlements", "inclusion", "Population in informal settlements", PCT, L, 0, 100,
          "Housing", "11.1.1", "Society · Inclusive", "People in informal settlements", "Population"),
    Entry("housing-cost-burden", "inclusion", "Households overburdened by housing costs", PCT, L, 0, 100,
          "Housing", "11.1", "Society · Inclusive", "Households spending over 30% of income on housing",
          "Households"),
    Entry("unemployment", "inclusion", "Unemployment rate", PCT, L, 0, 60,
          "Economy", "", "Economy · Inclusive", "Unemployed people", "Labour force"),
    Entry("transit-access", "inclusion", "Convenient access to public transport", PCT, H, 0, 100,
          "Transportation", "11.2.1", "Society · Inclusive", "People within 500 m of a stop", "Population"),
    Entry("poverty", "inclusion", "Population below the national poverty line", PCT, L, 0, 100,
          "Population and social conditions", "", "Society · Inclusive", "People below the poverty line",
          "Population"),
    Entry("secondary-completion", "inclusion", "Secondary school completion rate", PCT, H, 0, 100,
          "Education", "", "Society · Inclusive", "Students completing secondary school",
          "Population of completion age"),
    Entry("life-expectancy", "inclusion", "Life expectancy at birth", "years", H, 30, 95,
          "Health", "", "Society · Safe"),
    # Governance
    Entry("women-councillors", "governance", "Women among elected city councillors", PCT, H, 0, 100,
          "Governance", "", "Governance · Inclusive", "Women councillors", "Councillors"),
    Entry("voter-turnout", "governance", "Voter turnout in the last municipal election", PCT, H, 0, 100,
          "Governance", "11.3.2", "Governance · Inclusive", "Votes cast", "Registered voters"),
    Entry("own-source-revenue", "governance", "Own-source revenue", "% of total revenue", H, 0, 100,
          "Finance", "", "Governance · Sustainable", "Own-source revenue", "Total revenue"),
    Entry("debt-service", "governance", "Debt service ratio", "% of own-source revenue", L, 0, 100,
          "Finance", "", "Governance · Sustainable", "Debt service", "Own-source revenue"),
    Entry("tax-collection", "governance", "Property tax collected of tax billed", PCT, H, 0, 100,
          "Finance", "", "Governance · Sustainable", "Property tax collected", "Property tax billed"),
    Entry("participatory-budget", "governance", "Budget decided through participatory processes",
          "% of capital budget", H, 0, 100, "Governance", "11.3.2", "Governance · Inclusive",
          "Capital budget allocated by participatory processes", "Capital budget"),
    # Innovation
    Entry("broadband", "innovation", "Households with fixed broadband", PCT, H, 0, 100,
          "Telecommunication", "", "Economy · Inclusive", "Households with fixed broadband", "Households"),
    Entry("electric-vehicles", "innovation", "Electric cars among new registrations", PCT, H, 0, 100,
          "Transportation", "11.6", "Environment · Sustainable", "New electric cars", "New cars"),
    Entry("research-spending", "innovation", "Research and development spending", "% of city GDP", H, 0, 10,
          "Economy", "", "Economy · Sustainable", "R&D spending", "City GDP"),
    Entry("new-businesses", "innovation", "New businesses per 100,000 inhabitants", "per 100,000", H, 0, 5000,
          "Economy", "", "Economy · Inclusive", "New businesses registered", "Population / 100,000"),
    Entry("online-services", "innovation", "Municipal services available online", PCT, H, 0, 100,
          "Governance", "", "Governance · Inclusive", "Services that can be completed online", "Services"),
    Entry("tertiary-education", "innovation", "Adults with tertiary education", PCT, H, 0, 100,
          "Education", "", "Society · Inclusive", "Adults with a tertiary degree", "Adults aged 25–64"),
]  # fmt: skip


def definition_of(entry: Entry) -> str:
    if entry.definition:
        return entry.definition
    if entry.numerator and entry.denominator:
        ratio = f"{entry.numerator.lower()} divided by {entry.denominator.lower()}"
        return f"{entry.name}: {ratio}, in {entry.unit}."
    return f"{entry.name}, in {entry.unit}."
