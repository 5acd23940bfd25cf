"""What describes the dumps: a JSON Schema per JSON file, a CSVW description per CSV file,
and a DCAT-AP.de catalogue (JSON-LD) that open-data portals such as GovData harvest."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from opendata.registry import LIST_SEPARATOR, TYPES, Dataset, datasets
from opendata.services import dump_files

LICENSES = {
    "cc-by-4.0": {
        "uri": "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
    },
    "dl-de-by-2.0": {
        "uri": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "url": "https://www.govdata.de/dl-de/by-2-0",
        "title": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    },
}
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "json": "http://publications.europa.eu/resource/authority/file-type/JSON",
}


def license_info() -> dict:
    return LICENSES.get(settings.OPENDATA_LICENSE, LICENSES["cc-by-4.0"])


def _abs(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def json_schema(dataset: Dataset) -> dict:
    properties = {}
    for column in dataset.columns:
        schema = dict(TYPES[column.type][0])
        if column.nullable:
            schema["type"] = [schema["type"], "null"]
        schema["description"] = column.description
        properties[column.name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _abs("frontend:opendata_schema", dataset.slug),
        "title": dataset.title,
        "description": dataset.description,
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "required": [c.name for c in dataset.columns],
            "additionalProperties": False,
        },
    }


def csvw(dataset: Dataset) -> dict:
    columns = []
    for column in dataset.columns:
        entry = {
            "name": column.name,
            "titles": column.name,
            "dc:description": column.description,
            "datatype": TYPES[column.type][1],
            "required": not column.nullable,
        }
        if column.type == "list":
            entry["separator"] = LIST_SEPARATOR
            entry["required"] = False
        columns.append(entry)
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": _abs("frontend:opendata_file", dataset.slug, "csv"),
        "dc:title": dataset.title,
        "dc:description": dataset.description,
        "dc:license": license_info()["url"],
        "dialect": {"header": True, "delimiter": ",", "encoding": "utf-8"},
        "tableSchema": {"columns": columns, "primaryKey": "id"},
    }


def dcat_catalog() -> dict:
    """The catalogue as DCAT-AP.de 2 in JSON-LD: one dcat:Dataset per registered dataset, one
    dcat:Distribution per file that exists now, each with its licence and its schema."""
    brand = settings.OIC_BRAND
    publisher = {"@type": "foaf:Organization", "foaf:name": brand["owner"]}
    lic = license_info()
    entries = []
    for dataset in datasets():
        distributions = []
        for file in dump_files(dataset):
            url = _abs("frontend:opendata_file", dataset.slug, file["format"])
            conforms = (
                _abs("frontend:opendata_schema", dataset.slug)
                if file["format"] == "json"
                else _abs("frontend:opendata_csvw", dataset.slug)
            )
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.title} ({file['format'].upper()})",
                    "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dct:format": {"@id": FILE_TYPES[file["format"]]},
                    "dcat:mediaType": file["media_type"],
                    "dcat:byteSize": {"@value": str(file["size"]), "@type": "xsd:decimal"},
                    "dct:modified": {
                        "@value": file["modified"].isoformat(),
                        "@type": "xsd:dateTime",
                    },
                    "dct:license": {"@id": lic["uri"]},
                    "dcatde:licenseAttributionByText": brand["owner"],
                    "dct:conformsTo": {"@id": conforms},
                }
            )
        entry = {}
        if brand.get("govdata_contributor_id"):
            # GovData's id of the publishing body (dcat-ap.de/def/contributors/…), which the
            # portal needs to accept a harvested dataset.
            entry["dcatde:contributorID"] = {"@id": brand["govdata_contributor_id"]}
        entries.append(
            entry
            | {
                "@id": _abs("frontend:opendata") + f"#{dataset.slug}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{settings.SITE_URL}/opendata/{dataset.slug}",
                "dct:title": dataset.title,
                "dct:description": dataset.description,
                "dcat:keyword": list(dataset.keywords),
                "dct:publisher": publisher,
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": brand["owner"],
                    "vcard:hasEmail": {"@id": f"mailto:{brand['contact_email']}"},
                },
                "dcat:theme": {
                    "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"
                },
                "dct:accrualPeriodicity": {
                    "@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"
                },
                "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": brand["city"]},
                "dcatde:politicalGeocodingLevelURI": {
                    "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
                },
                "dct:language": {
                    "@id": "http://publications.europa.eu/resource/authority/language/DEU"
                },
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": _abs("frontend:opendata_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": f"{brand['name']} {brand['city']}: Open Data",
        "dct:description": (
            f"Herausforderungen, Ideen, offizielle Antworten und Kommentare der Plattform "
            f"{brand['name']} {brand['city']}."
        ),
        "dct:publisher": publisher,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
        "dct:license": {"@id": lic["uri"]},
        "foaf:homepage": {"@id": _abs("frontend:opendata")},
        "dcat:dataset": entries,
    }
