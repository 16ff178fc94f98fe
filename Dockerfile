# The ASR Mayotte API image: Debian's Kore serving the module, as a non-root
# user, plain HTTP on 8888 behind a TLS proxy (docker-compose.yml).
#
#   docker build -t asr-mayotte/api .
#
# Only Debian's packages. The build stage compiles the module; the runtime
# stage gets the module, the Kore binary, the SQL and the scripts, and no
# compiler. Nothing secret and no demo data is in the image: configuration
# comes from the environment, secrets from mounted files (or variables),
# and deploy/entrypoint.sh migrates the database before it serves (README,
# "Deploy").

FROM debian:bookworm-slim AS build

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        build-essential kore libjansson-dev libsodium-dev libpq-dev \
        libssl-dev pkg-config python3 python3-yaml \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# The Makefile lists tests/unit too; nothing of it is built here.
COPY Makefile openapi.yaml ./
COPY src/ src/
COPY tests/unit/ tests/unit/
# openapi.yaml is embedded in the module (src/http/embed.py).
RUN make build/asr.so build/asr-admin


FROM debian:bookworm-slim

# kore's own package depends on the C, OpenSSL and libpq headers (it is a
# build tool too): the runtime takes its binary from the build stage and
# only the libraries it and the module link (ldd): libpq5, libssl3,
# libjansson4, libsodium23. psql runs the migrations; curl the health check.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates curl libjansson4 libpq5 libsodium23 libssl3 \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 asr \
    && useradd --system --uid 10001 --gid asr --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin asr \
    && install -d -o asr -g asr -m 0700 /run/asr

COPY --from=build /usr/bin/kore /usr/bin/kore
COPY --from=build /usr/share/doc/kore/copyright /usr/share/doc/kore/copyright

WORKDIR /opt/asr
COPY --from=build /src/build/asr.so /src/build/asr-admin build/
COPY conf/ conf/
COPY sql/ sql/
COPY deploy/entrypoint.sh deploy/entrypoint.sh
RUN ln -s /opt/asr/build/asr-admin /usr/local/bin/asr-admin

# conf/serve.sh and deploy/entrypoint.sh read these; the rest (DATABASE_URL,
# secrets) is the deployment's. ASR_DEMO=1 loads the demo accounts, never
# with ASR_ENV=production.
ENV PORT=8888 \
    BIND=0.0.0.0 \
    ASR_RUNDIR=/run/asr \
    ASR_ENV=production \
    ASR_DEMO=0 \
    ASR_MIGRATE=1

# asr, by number: a runtime can tell it is not root without reading
# /etc/passwd (Kubernetes runAsNonRoot).
USER 10001:10001
EXPOSE 8888

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null -H 'X-Request-Id: healthcheck' \
        "http://127.0.0.1:${PORT}/v1/health" || exit 1

ENTRYPOINT ["/opt/asr/deploy/entrypoint.sh"]
CMD ["serve"]
