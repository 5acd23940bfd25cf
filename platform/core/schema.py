"""OpenAPI post-processing: every operation documents the error answers it can give, and
each create links to what can be done with the object it made.

drf-spectacular documents what a view declares, mostly its 2xx. The errors come from shared
machinery (authentication, permissions, parsers, throttles, pagination, services'
StateConflict), so they are added here by what an operation is, not repeated on every view.
"""

from __future__ import annotations

UNSAFE = {"post", "put", "patch", "delete"}

_VALIDATION_ERROR = {
    "type": "object",
    "description": 'Field errors (`{"field": ["message"]}`) or `{"detail": "message"}`.',
    "additionalProperties": {},
}
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _error(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def _errors_of(method: str, operation: dict, path_item_parameters: list) -> dict[str, dict]:
    parameters = [*path_item_parameters, *operation.get("parameters", [])]
    has_body = "requestBody" in operation
    errors = {
        # A wrong or expired token is refused on any operation, public ones included.
        "401": _error("Not signed in, or the token is not valid.", "ErrorDetail"),
    }
    if has_body or any(p.get("in") == "query" for p in parameters) or method in UNSAFE:
        errors["400"] = _error("The request is not valid.", "ValidationError")
    if method in UNSAFE:
        errors["403"] = _error("The signed-in person may not do this.", "ErrorDetail")
        errors["409"] = _error("The object's current state forbids this.", "ErrorDetail")
        errors["429"] = _error("Too many writes: try again later.", "ErrorDetail")
    if any(p.get("in") == "path" for p in parameters) or any(
        p.get("name") == "page" and p.get("in") == "query" for p in parameters
    ):
        errors["404"] = _error("No such object (or page), or not visible to you.", "ErrorDetail")
    if has_body:
        errors["413"] = _error("The request body is too large.", "ErrorDetail")
        errors["415"] = _error("The body's media type is not supported.", "ErrorDetail")
    return errors


def _link_created_objects(paths: dict) -> None:
    """OpenAPI links from each create (a POST answering 201 with the new object's `id`) to every
    operation under `<its path>{id}/`: a client, and schemathesis' stateful tests, can follow
    an idea from its creation to its comments, votes and withdrawal."""
    for path, path_item in paths.items():
        created = path_item.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        links = {}
        for target, target_item in paths.items():
            if not target.startswith(f"{path}{{id}}/") or target.count("{") != 1:
                continue
            for operation in target_item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": {"id": "$response.body#/id"},
                    }
        if links:
            created["links"] = links


def document_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the error answers of every operation,
    keeping any that a view declares itself (with its own description)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ValidationError", _VALIDATION_ERROR)
    schemas.setdefault("ErrorDetail", _DETAIL)
    for path_item in result.get("paths", {}).values():
        shared = path_item.get("parameters", [])
        for method, operation in path_item.items():
            if method == "parameters" or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for code, response in _errors_of(method, operation, shared).items():
                declared = responses.get(code)
                if declared is None:
                    responses[code] = response
                elif "content" not in declared or code == "400":
                    # A 400 may be field errors or a detail, whatever a view declares.
                    declared["content"] = response["content"]
    _link_created_objects(result.get("paths", {}))
    return result
