# The coach image: the whole project and nbgrader's instructor tools, for the formgrader pod (formgrader.yaml).
# Build with deploy/kubernetes/build.sh (it stages stage/coach/ first).
FROM python:3.11.10-slim-bookworm
ARG GRADER=grader
ARG GRADER_UID=1001
RUN useradd --create-home --uid "${GRADER_UID}" --gid 100 --shell /bin/bash "${GRADER}"
COPY stage/coach/requirements.txt /tmp/requirements.txt
COPY stage/coach/src /tmp/casework
RUN pip install --no-cache-dir -r /tmp/requirements.txt /tmp/casework && rm -rf /tmp/casework
# the formgrader's lists in the course's words (deploy/formgrader_words.py)
RUN python -m deploy.formgrader_words
COPY stage/coach/etc/ /usr/local/etc/
COPY stage/coach/share/ /usr/local/share/
USER ${GRADER_UID}
WORKDIR /srv/casework/course
CMD ["jupyterhub-singleuser"]
