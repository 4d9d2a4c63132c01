"""A self-contained API reference page rendered from the OpenAPI spec.

FastAPI's Swagger UI loads its scripts from a CDN, which this offline tool cannot reach;
this page needs nothing but the spec and the workspace's own stylesheet.
"""

from __future__ import annotations

from typing import Any


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref and ref.startswith("#/components/schemas/"):
        return dict(spec["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return schema


def describe_type(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    """A short human description of a JSON schema: type and constraints."""
    schema = _resolve(spec, schema)
    if "anyOf" in schema:
        parts = [describe_type(spec, s) for s in schema["anyOf"] if s.get("type") != "null"]
        text = " or ".join(parts)
        return f"{text} (optional)" if len(parts) < len(schema["anyOf"]) else text
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("format") or schema.get("type") or schema.get("title") or "object"
    limits = []
    if "minimum" in schema or "maximum" in schema:
        limits.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    if "minLength" in schema:
        limits.append(f"min length {schema['minLength']}")
    if "maxLength" in schema:
        limits.append(f"max length {schema['maxLength']}")
    if "pattern" in schema:
        limits.append(f"pattern {schema['pattern']}")
    return f"{kind} ({', '.join(limits)})" if limits else str(kind)


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the spec, flattened for the template."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": describe_type(spec, p.get("schema", {})),
                       "default": p.get("schema", {}).get("default"),
                       "description": p.get("description") or p.get("schema", {}).get(
                           "description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                schema = _resolve(spec, body["schema"])
                required = set(schema.get("required", []))
                for name, prop in schema.get("properties", {}).items():
                    params.append({"name": name, "in": "body (JSON)",
                                   "required": name in required,
                                   "type": describe_type(spec, prop),
                                   "default": prop.get("default"),
                                   "description": prop.get("description", "")})
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": params,
                        "responses": sorted(op.get("responses", {}).items())})
    return out
