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
# Configuration through the environment: PANTRY_UPSTREAM, PANTRY_UPSTREAM_USERNAME, PANTRY_UPSTREAM_PASSWORD, ...
ENV PANTRY_LISTEN=0.0.0.0:8080 \
    PANTRY_DATA=/var/lib/pantry
ENTRYPOINT ["java", "-XX:+UseContainerSupport", "-XX:MaxRAMPercentage=60", "-jar", "/opt/pantry/pantry.jar"]
CMD ["serve"]
