"""Running the course for a class: the trainee's and coach's environments, the roster, and JupyterHub.

``deploy.envs`` builds the two Python environments a hub runs (from Debian's own
``python3``, into folders other accounts can enter), ``deploy.roster`` makes one
account per person, and ``deploy.hub`` lays out the hub (exchange, course,
configuration, proxy) and starts it. ``deploy/kubernetes/`` is the recipe for a cluster.
"""
