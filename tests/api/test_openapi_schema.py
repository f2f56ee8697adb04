from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_schema_with_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/people",
        "/api/v1/people/{employee_id}",
        "/api/v1/me",
        "/api/v1/imports",
        "/api/v1/teams",
        "/api/v1/teams/{uid}",
        "/api/v1/teams/{uid}/sessions",
        "/api/v1/teams/{uid}/contracts",
        "/api/v1/teams/{uid}/contracts/{version}",
        "/api/v1/instruments",
        "/api/v1/rounds",
        "/api/v1/rounds/{uid}",
        "/api/v1/rounds/{uid}/rates",
        "/api/v1/rounds/{uid}/invitations",
        "/api/v1/rounds/{uid}/results",
        "/api/v1/rounds/{uid}/results/{code}",
        "/api/v1/plans",
        "/api/v1/plans/{uid}",
        "/api/v1/plans/{uid}/focus-areas",
        "/api/v1/plans/{uid}/measures",
        "/api/v1/measures/{uid}",
        "/api/v1/meetings",
        "/api/v1/meetings/{uid}",
        "/api/v1/rounds/{uid}/progress",
        "/api/v1/rounds/{uid}/progress/units/{code}",
        "/api/v1/rounds/{uid}/dashboard",
        "/api/v1/rounds/{uid}/overviews",
        "/api/v1/overviews/{uid}",
        "/api/v1/overviews/{uid}/versions/{number}",
        "/api/v1/rounds/{uid}/units/{code}/decisions",
        "/api/v1/rounds/{uid}/decisions",
        "/api/v1/decisions/{uid}",
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path in schema["paths"].values():
        for operation in path.values():
            assert operation["security"] == [{"TokenAuth": []}]
            assert {"200", "401", "403"} <= set(operation["responses"])


def test_it_serves_the_interactive_docs_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body and "https://" not in body
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
