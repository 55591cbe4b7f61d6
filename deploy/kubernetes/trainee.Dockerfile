# The trainee image: what `make hub` builds as the trainee environment, in a container.
# The toolkit, the simulator and the scenario format; no answer keys, no grading package, no author case files.
# Build with deploy/kubernetes/build.sh (it stages stage/trainee/ first).
FROM python:3.11.10-slim-bookworm
ARG NB_USER=jovyan
ARG NB_UID=1000
RUN useradd --create-home --uid "${NB_UID}" --gid 100 --shell /bin/bash "${NB_USER}"
COPY stage/trainee/requirements.txt /tmp/requirements.txt
COPY stage/trainee/src /tmp/casework-trainee
RUN pip install --no-cache-dir -r /tmp/requirements.txt /tmp/casework-trainee && rm -rf /tmp/casework-trainee
# the instructor tools and the news pop-up hidden, nbgrader pointed at the shared exchange
COPY stage/trainee/etc/ /usr/local/etc/
COPY stage/trainee/share/ /usr/local/share/
USER ${NB_UID}
WORKDIR /home/${NB_USER}
CMD ["jupyterhub-singleuser"]
