"""Open data: the platform's public content as daily CSV and JSON dumps with DCAT-AP.de,
JSON Schema and CSVW metadata. opendata knows no domain app: each app registers its datasets
in its `AppConfig.ready()` with `register_dataset`, and names authors by `pseudonym(user_id)`.
"""

from opendata.registry import Column, Dataset, page_urls, pseudonym, register_dataset

__all__ = ["Column", "Dataset", "page_urls", "pseudonym", "register_dataset"]
