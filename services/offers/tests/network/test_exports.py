"""GET /feeds/actor-network.{graphml,gexf,svg,png}: the files parse, pass the format schemas
(standards/graph-formats) and read back with networkx to the network the API shows; the drawing
renders with every name; the public gets the published network, a coordinator all of it."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
import xmlschema

from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, Net, gid

SCHEMAS = Path(__file__).resolve().parents[1] / "standards" / "graph-formats"
PATH = f"/feeds/actor-network.{{}}?region={MAGDEBURG}&on=2026-06-01"


@pytest.fixture
async def tied(api: Api, net: Net) -> Net:
    """The VHS refers to the Jobcenter (published); the unpublished school cooperates with the
    VHS; the Jobcenter is a member of the AG."""
    for input in (
        {
            "kind": "REFERRAL",
            "sourceActorId": gid("Actor", net.vhs_actor.id),
            "targetActorId": gid("Actor", net.jobcenter.id),
            "validFrom": "2025-01-01",
            "published": True,
        },
        {
            "kind": "COOPERATION_AGREEMENT",
            "sourceActorId": gid("Actor", net.school_actor.id),
            "targetActorId": gid("Actor", net.vhs_actor.id),
            "validFrom": "2025-01-01",
            "published": True,
        },
        {
            "kind": "MEMBERSHIP",
            "sourceActorId": gid("Actor", net.jobcenter.id),
            "workingGroupId": gid("WorkingGroup", net.group.id),
            "validFrom": "2025-01-01",
            "published": True,
        },
    ):
        payload = await api.mutate("tieCreate", input, api.coordinator(), "tie { id }")
        assert payload["errors"] == [], payload
    return net


async def test_graphml_passes_the_schema_and_reads_back(api: Api, tied: Net) -> None:
    # when
    response = await api.client.get(PATH.format("graphml"), headers=api.coordinator())
    # then
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/graphml+xml"
    xmlschema.XMLSchema(SCHEMAS / "graphml.xsd").validate(io.BytesIO(response.content))
    graph = nx.read_graphml(io.BytesIO(response.content))
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert set(labels) == {
        "Volkshochschule Magdeburg",
        "Schule am See",
        "Jobcenter Magdeburg",
        "AG Sprache",
    }
    vhs = graph.nodes[labels["Volkshochschule Magdeburg"]]
    assert (vhs["degree"], vhs["broker"], vhs["type"]) == (2, True, "actor")
    assert graph.nodes[labels["Jobcenter Magdeburg"]]["betweenness"] == pytest.approx(2 / 3)
    edge = graph.edges[labels["Jobcenter Magdeburg"], labels["AG Sprache"]]
    assert (edge["kind"], edge["valid_from"]) == ("membership", "2025-01-01")


async def test_gexf_passes_the_schema_with_colours_and_positions(api: Api, tied: Net) -> None:
    # when
    response = await api.client.get(PATH.format("gexf"), headers=api.coordinator())
    # then
    assert response.status_code == 200, response.text
    xmlschema.XMLSchema(SCHEMAS / "gexf.xsd").validate(io.BytesIO(response.content))
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    by_label = {data["label"]: data for _, data in graph.nodes(data=True)}
    # the colour of the kind's family (education green, labour orange, groups yellow)
    colour = {k: by_label[k]["viz"]["color"] for k in by_label}
    assert (
        colour["Volkshochschule Magdeburg"]["r"],
        colour["Volkshochschule Magdeburg"]["g"],
        colour["Volkshochschule Magdeburg"]["b"],
    ) == (0x2C, 0xA0, 0x2C)
    assert (colour["Jobcenter Magdeburg"]["r"], colour["Jobcenter Magdeburg"]["g"]) == (0xFF, 0x7F)
    assert {"x", "y"} <= set(by_label["AG Sprache"]["viz"]["position"])


async def test_the_public_file_holds_only_what_was_published(api: Api, tied: Net) -> None:
    # when
    response = await api.client.get(PATH.format("graphml"))
    # then: no unpublished school, and its tie with it
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert sorted(d["label"] for _, d in graph.nodes(data=True)) == [
        "AG Sprache",
        "Jobcenter Magdeburg",
        "Volkshochschule Magdeburg",
    ]
    assert graph.number_of_edges() == 2
    assert response.headers["cache-control"].startswith("public")
    coordinator = await api.client.get(PATH.format("graphml"), headers=api.coordinator())
    assert coordinator.headers["cache-control"].startswith("private")
    assert "Authorization" in coordinator.headers["vary"]
    assert coordinator.headers["etag"] != response.headers["etag"]


async def test_the_drawing_renders_every_name(api: Api, tied: Net) -> None:
    # when
    svg = await api.client.get(PATH.format("svg") + "&lang=en", headers=api.coordinator())
    png = await api.client.get(PATH.format("png"), headers=api.coordinator())
    # then the SVG is XML whose texts carry every name, the title and the legend
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    texts = " ".join(
        "".join(element.itertext())
        for element in ElementTree.fromstring(svg.content).iter("{http://www.w3.org/2000/svg}text")
    )
    for name in (
        "Volkshochschule Magdeburg",
        "Jobcenter Magdeburg",
        "AG Sprache",
        "Actor network Magdeburg",
        "Education",
        "Broker",
    ):
        assert name in texts.replace("\n", " "), name
    # and the PNG is an image of a readable size
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png.content[16:24])
    assert width >= 1200 and height >= 900


async def test_a_conditional_request_is_answered_not_modified(api: Api, tied: Net) -> None:
    # given
    first = await api.client.get(PATH.format("gexf"))
    # when
    again = await api.client.get(
        PATH.format("gexf"), headers={"If-None-Match": first.headers["etag"]}
    )
    # then
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/feeds/actor-network.pdf?region={MAGDEBURG}", 422),
        ("/feeds/actor-network.png?region=12345", 422),
        (f"/feeds/actor-network.png?region={MAGDEBURG}&on=yesterday", 422),
        ("/feeds/actor-network.gexf?region=150010000000", 404),
        (f"/feeds/actor-network.svg?region={MAGDEBURG}&lang=%00", 400),
    ],
)
async def test_bad_requests_are_problems(api: Api, net: Net, path: str, status: int) -> None:
    # when
    response = await api.client.get(path)
    # then
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
