"""The SolrCloud engine: Bahth's seam (:mod:`search.engine.base`) answered by a cluster.

Extraction stays in Python (``ingest/``); Solr receives the extracted article
with two analyses of each text field: Solr's own Arabic chain (``title``,
``body`` and their ``*_exact`` copies, see ``deploy/solr/configset/bahth``) and
Bahth's forms analysed in Python (``*_pre`` fields), so the analysis is a query
time choice (:data:`search.engine.solr.fields.ANALYSES`).
"""
