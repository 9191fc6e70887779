package io.authbridge.e2e;

/** The explain API and the gateway agree on every method spelling; {@code TRACE} is refused (the default). */
class ExplainMethodSpellingsTest extends ExplainMethodSpellingsSupport {
}
