"""The API and the page list the dumps with size and date; the DCAT-AP.de catalogue
describes them so that open-data portals can harvest them."""

from django.test import Client

LICENSE_URIS = {
    "cc-by-4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "dl-de-by-2.0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
}


def test_the_api_lists_every_file_with_size_and_date(dumps, api, django_assert_num_queries):
    directory, _ = dumps
    with django_assert_num_queries(0):  # it reads the files, not the database
        response = api.get("/api/opendata/")

    assert response.status_code == 200
    body = response.json()
    assert body["license"]["id"] == "cc-by-4.0"
    ideas = next(d for d in body["datasets"] if d["slug"] == "ideas")
    assert {f["format"]: f["size"] for f in ideas["files"]} == {
        "csv": (directory / "ideas.csv").stat().st_size,
        "json": (directory / "ideas.json").stat().st_size,
    }
    assert all(f["modified"] for f in ideas["files"])
    assert ideas["files"][0]["url"] == "https://oic.example.org/opendata/ideas.csv"


def test_the_files_are_served_as_listed(dumps):
    directory, _ = dumps
    response = Client().get("/opendata/comments.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"".join(response.streaming_content) == (directory / "comments.csv").read_bytes()
    assert Client().get("/opendata/comments.xml").status_code == 404
    assert Client().get("/opendata/users.csv").status_code == 404


def test_the_page_lists_the_dumps(dumps):
    page = Client().get("/opendata/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="https://oic.example.org/opendata/ideas.json"' in page
    assert "CC BY 4.0" in page


def test_before_the_first_run_the_listing_says_so(content):
    assert Client().get("/api/opendata/").json()["datasets"][0]["files"] == []


def _catalogue() -> dict:
    response = Client().get("/opendata/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def test_the_dcat_catalogue_has_what_dcat_ap_de_requires(dumps):
    catalogue = _catalogue()

    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"]["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    for key in ["dct:title", "dct:description", "dct:publisher", "dcat:dataset"]:
        assert catalogue[key], key
    assert len(catalogue["dcat:dataset"]) == 4
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["@type"] == "dcat:Dataset"
        for key in ["dct:title", "dct:description", "dct:publisher", "dcat:contactPoint"]:
            assert dataset[key], key
        assert len(dataset["dcat:distribution"]) == 2
        for dist in dataset["dcat:distribution"]:
            assert dist["dct:license"] == {"@id": LICENSE_URIS["cc-by-4.0"]}
            url = dist["dcat:accessURL"]["@id"]
            path = url.removeprefix("https://oic.example.org")
            body = b"".join(Client().get(path).streaming_content)
            assert int(dist["dcat:byteSize"]["@value"]) == len(body)
            schema = dist["dct:conformsTo"]["@id"].removeprefix("https://oic.example.org")
            assert Client().get(schema).status_code == 200


def test_the_govdata_contributor_id_comes_from_the_open_brand_file(dumps, settings):
    contributor = "http://dcat-ap.de/def/contributors/stadtBielefeld"
    settings.OIC_BRAND = {**settings.OIC_BRAND, "govdata_contributor_id": contributor}
    for dataset in _catalogue()["dcat:dataset"]:
        assert dataset["dcatde:contributorID"] == {"@id": contributor}


def test_the_license_is_a_setting(dumps, settings):
    settings.OPENDATA_LICENSE = "dl-de-by-2.0"
    dist = _catalogue()["dcat:dataset"][0]["dcat:distribution"][0]
    assert dist["dct:license"] == {"@id": LICENSE_URIS["dl-de-by-2.0"]}
    assert Client().get("/api/opendata/").json()["license"]["url"] == (
        "https://www.govdata.de/dl-de/by-2-0"
    )
