"""Static files storage for production: hashed, compressed, and hashed imports in ES modules."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage that also rewrites `import … from "./x.js"`
    in ES modules to the hashed names (Django's opt-in since 5.1). Without it only the entry
    module gets a new name on a deploy, and browsers may combine it with cached old modules."""

    support_js_module_import_aggregation = True
