# syntax=docker/dockerfile:1
# Build stage: the same command as the README's.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
COPY web web
RUN mvn -q -B -DskipTests package

# Run stage: a JRE, a non-root user, and the cache on a volume.
FROM eclipse-temurin:21-jre
RUN groupadd --system pantry && useradd --system --gid pantry --home-dir /var/lib/pantry pantry \
 && mkdir -p /var/lib/pantry && chown pantry:pantry /var/lib/pantry
COPY --from=build /src/target/pantry.jar /opt/pantry/pantry.jar
COPY conf /opt/pantry/conf
USER pantry
VOLUME /var/lib/pantry
EXPOSE 8080
# Configuration through the environment: PANTRY_UPSTREAM, PANTRY_UPSTREAM_USERNAME, PANTRY_UPSTREAM_PASSWORD,
# PANTRY_OFFLOAD, PANTRY_TRUSTED_PROXIES, ... (conf/pantry.properties lists every key and variable).
ENV PANTRY_LISTEN=0.0.0.0:8080 \
    PANTRY_DATA=/var/lib/pantry
# The JRE image has no curl: `pantry healthcheck` GETs /healthz on PANTRY_LISTEN and exits 0 or 1. A small heap and
# the C1 compiler keep each probe's JVM short-lived.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-jar", "/opt/pantry/pantry.jar", "healthcheck"]
# SIGTERM stops gracefully: requests in flight get shutdown.timeout (30s) to finish, so give `docker stop` longer
# (docker stop -t 40, or stop_grace_period in compose). SIGHUP (docker kill -s HUP) reloads the configuration.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=60", "-jar", "/opt/pantry/pantry.jar"]
CMD ["serve"]
