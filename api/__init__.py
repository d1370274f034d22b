"""The pages API at /api/v2/: what integrations read.

- ``api.fields``: the JSON shapes of images, documents, pages and body blocks,
  and the serializer fields the page models' ``api_fields`` use (below the
  content apps: they import it);
- ``api.parameters``: every query parameter, how it is checked and how the
  OpenAPI document describes it, in one place;
- ``api.views``: Wagtail's endpoints, made strict for integrations;
- ``api.openapi``: the OpenAPI 3.1 document, built from the models and blocks.
"""
