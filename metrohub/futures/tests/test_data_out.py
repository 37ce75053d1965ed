"""Data that leaves well described: charts as SVG and PNG files that carry their title, source,
licence and release; each release as a Frictionless Data Package that `frictionless validate`
accepts; each indicator's metadata page; a "cite this" on every explorer page."""

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from metrohub.futures.datapackage import package_name
from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture
def release(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def test_a_chart_downloads_as_svg_with_its_title_source_licence_and_release(client, release):
    # when the series chart of PM2.5 is downloaded as SVG
    response = client.get(reverse("futures:indicator", args=["pm25"]), {"year": 2023, "format": "svg"})
    # then it is an SVG file whose text says what it is, where it comes from and on what terms
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'attachment; filename="metro-futures-r1-pm25-2023.svg"'
    svg = response.content.decode()
    assert svg.lstrip().startswith("<svg")
    assert "Fine particulate matter (PM2.5), annual mean over time" in svg
    assert "Source: metrohub demo catalogue (synthetic values)" in svg
    assert "Licence: CC BY 4.0" in svg
    assert "Metro Futures, release 1, published" in svg
    assert "Dakar Test" in svg  # the data themselves are drawn


def test_the_map_downloads_as_a_real_png_of_a_printable_size(client, release):
    response = client.get(
        reverse("futures:indicator", args=["pm25"]), {"year": 2023, "format": "png", "chart": "map"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('pm25-2023-map.png"')
    width, height = _png_size(response.content)
    assert 1200 <= width <= 2400 and 600 <= height <= 2400
    assert len(response.content) > 20_000  # the world's outline is drawn, not an empty frame


def test_every_chart_page_offers_its_downloads(client, release):
    pages = [
        (reverse("futures:indicator", args=["pm25"]), {}, "Fine particulate matter"),
        (reverse("futures:city", args=["dakar-test"]), {}, "Dakar Test: percentile by indicator"),
        (reverse("futures:compare"), {"cities": ["dakar-test", "lisbon-test"]}, "Cities compared"),
        (reverse("futures:benchmark"), {"city": "dakar-test", "group": "overall"}, "among its peers"),
        (reverse("futures:embed_city", args=["dakar-test"]), {}, "percentile by indicator"),
    ]
    for url, params, title in pages:
        page = client.get(url, params).content.decode()
        assert "format=svg" in page and "format=png" in page, url
        assert reverse("futures:definitions") in page or "/about/" in page, url
        svg = client.get(url, {**params, "format": "svg"})
        assert svg.status_code == 200 and title in svg.content.decode(), url
    # a chart the page does not have is not found, and nothing is drawn
    missing = client.get(reverse("futures:city", args=["dakar-test"]), {"format": "svg", "chart": "map"})
    assert missing.status_code == 404


def test_the_indicator_page_links_each_chart_to_the_metadata_page(client, release):
    page = client.get(reverse("futures:indicator", args=["pm25"])).content.decode()
    about = reverse("futures:indicator_about", args=["pm25"])
    assert page.count(about) >= 3  # under the series chart, under the map, beside the definition


def test_the_metadata_page_shows_definition_method_sources_and_frameworks(client, release):
    page = client.get(reverse("futures:indicator_about", args=["pm25"])).content.decode()
    assert "Fine particulate matter (PM2.5), annual mean" in page
    assert "µg/m³" in page and "11.6.2" in page and "Environment and climate change" in page
    assert "metrohub demo catalogue (synthetic values)" in page and "CC BY 4.0" in page
    assert "test" in page  # the source the imported values cite
    # an indicator the catalogue maps to no SDG target says so, and guesses none
    water = client.get(reverse("futures:indicator_about", args=["non-revenue-water"])).content.decode()
    assert "not mapped" in water
    ratio = client.get(reverse("futures:indicator_about", args=["unemployment"])).content.decode()
    assert "Unemployed people ÷ Labour force" in ratio
    # its JSON twin holds the same metadata
    data = client.get(reverse("futures:indicator_about", args=["non-revenue-water"]), {"format": "json"})
    assert data.json()["rows"][0]["sdg_target"] == ""
    assert client.get(reverse("futures:indicator_about", args=["nowhere"])).status_code == 404


def test_every_explorer_page_says_how_to_cite_it(client, release):
    for url in (
        reverse("futures:home"),
        reverse("futures:indicator", args=["pm25"]) + "?year=2023",
        reverse("futures:city", args=["dakar-test"]),
        reverse("futures:strategies"),
        reverse("futures:definitions"),
    ):
        page = client.get(url).content.decode()
        assert 'id="cite-this"' in page, url
        assert "Metro Futures open city data, release 1, published" in page, url
        assert "release=1" in page and "Licence: CC BY 4.0." in page, url


def _package(client, release) -> bytes:
    url = reverse("futures:release_file", args=[release.number, package_name(release.number)])
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_release_downloads_as_a_data_package_that_frictionless_accepts(client, release, tmp_path):
    # given the release's data package, downloaded as a user would, from the releases page
    assert package_name(1) in client.get(reverse("futures:releases")).content.decode()
    archive = zipfile.ZipFile(io.BytesIO(_package(client, release)))
    archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    # then it says its licence, how to cite it, its sources, each field, and every indicator's definition
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["citation"].startswith("Metro Futures (") and "release 1" in descriptor["citation"]
    assert {"title": "metrohub demo catalogue (synthetic values)"} in descriptor["sources"]
    observations = next(r for r in descriptor["resources"] if r["name"] == "observations")
    assert observations["rows"] == 5
    assert {f["name"]: f["type"] for f in observations["schema"]["fields"]}["value"] == "number"
    assert observations["schema"]["primaryKey"] == ["city", "indicator", "year", "boundary"]
    pm25 = next(i for i in descriptor["indicators"] if i["code"] == "pm25")
    assert pm25["unit"] == "µg/m³" and pm25["sdg_target"] == "11.6.2" and pm25["definition"]
    # and the Frictionless validator accepts it: types, keys, and the references between tables
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(tmp_path / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]
    assert len(report["tasks"]) == 6


def test_the_descriptor_reads_on_its_own(client, release):
    response = client.get(reverse("futures:release_file", args=[1, "datapackage.json"]))
    assert response.status_code == 200 and response.json()["name"] == "metro-futures-release-1"
