"""Prepares a freshly bootstrapped Keystone for a Tempest run against Glint.

Usage: keystone_setup.py <keystone URL ending in /v3> <admin password> <Glint URL> <service password>

Creates the project "service" and the service user "glint" (role service there, which Keystone's
policy lets validate tokens), and registers the image service with its public, internal and admin
endpoints at the Glint URL in RegionOne, as an operator does for Glance. Tempest creates its own
projects and users (dynamic credentials) with the bootstrap admin.
"""
import sys

import openstack
import requests
from keystoneauth1 import session
from keystoneauth1.identity import v3

auth_url, admin_password, glint_url, service_password = sys.argv[1:5]

# Keystone under uwsgi's http-socket closes each connection after its answer: never reuse one.
http = requests.Session()
http.headers['Connection'] = 'close'
auth = v3.Password(auth_url=auth_url, username='admin', password=admin_password, project_name='admin',
                   user_domain_name='Default', project_domain_name='Default')
identity = openstack.connection.Connection(session=session.Session(auth=auth, session=http),
                                           region_name='RegionOne').identity

service_role = identity.find_role('service') or identity.create_role(name='service')
project = identity.find_project('service', domain_id='default') or identity.create_project(
    name='service', domain_id='default', description='Service users')
user = identity.find_user('glint', domain_id='default') or identity.create_user(
    name='glint', password=service_password, domain_id='default', default_project_id=project.id)
identity.assign_project_role_to_user(project, user, service_role)

image = identity.find_service('glance') or identity.create_service(
    name='glance', type='image', description='Glint image service')
existing = {endpoint.interface for endpoint in identity.endpoints(service_id=image.id)}
for interface in ('public', 'internal', 'admin'):
    if interface not in existing:
        identity.create_endpoint(service_id=image.id, interface=interface, url=glint_url, region_id='RegionOne')
print('keystone ready for tempest: image service at', glint_url)
