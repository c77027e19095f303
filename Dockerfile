# orderhub in a container: a release build, then a small Debian runtime
# that runs as an unprivileged user. Data (SQLite file, pictures) in /data.
#
#   docker build -t orderhub .
#   docker run -p 8080:8080 -v orderhub-data:/data orderhub serve --demo
#
# (This machine has the Docker client but no engine: the image is not
# built in CI here; see docs/operations.md.)

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p orderhub \
 && cp target/release/orderhub /orderhub \
 && strip /orderhub

FROM debian:bookworm-slim
# ca-certificates: marketplace APIs and webhooks over HTTPS; curl: the
# health check; postgresql-client: `orderhub backup` of a PostgreSQL database
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home orderhub
COPY --from=build /orderhub /usr/local/bin/orderhub
USER orderhub
WORKDIR /data
ENV DATABASE_URL=sqlite:///data/orderhub.db \
    ORDERHUB_DATA_DIR=/data/files \
    ORDERHUB_LISTEN=0.0.0.0:8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["orderhub"]
CMD ["serve"]
