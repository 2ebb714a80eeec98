"""``gov-deadlines serve``: the library over HTTP/JSON for systems that cannot import it.

A thin adapter (optional ``server`` extra: FastAPI + uvicorn): it parses a request, calls the
library, renders the answer. Nothing here decides a deadline. Modules: :mod:`.state` (the loaded
calendar and catalog, swapped whole on reload), :mod:`.problems` (errors as problem+json in zh/en),
:mod:`.v1` (the versioned API), :mod:`.timor` (the drop-in for the de facto public holiday API),
:mod:`.app` (assembly), :mod:`.run` (the uvicorn process).
"""
