"""Prepares a freshly bootstrapped Keystone for the keystone-mode end-to-end tests.

Usage: keystone_setup.py <keystone URL ending in /v3> <admin password> <Glint URL> <password for all users>
       [<URL of the image service in RegionTwo>]

Creates projects glint-a, glint-b and service; users admin-a (admin on glint-a), member-a and
reader-a (glint-a), member-b and reader-b (glint-b), and the service user glint (role service in
project service, which Keystone's policy lets validate tokens); registers the image service with
its endpoints at the Glint URL, as an operator would (openstack service/endpoint create), and, when
given, a public endpoint in a second region, RegionTwo (where glance-download imports from).
"""
import sys

import openstack
import requests
from keystoneauth1 import session
from keystoneauth1.identity import v3

def connect(user, password, project, auth_url):
    """An openstacksdk connection with password auth that never reuses a connection: Keystone under
    uwsgi's http-socket closes each one after its answer, so a reused one would be reset."""
    http = requests.Session()
    http.headers['Connection'] = 'close'
    auth = v3.Password(auth_url=auth_url, username=user, password=password, project_name=project,
                       user_domain_name='Default', project_domain_name='Default')
    return openstack.connection.Connection(session=session.Session(auth=auth, session=http),
                                           region_name='RegionOne')


auth_url, admin_password, glint_url, password = sys.argv[1:5]
conn = connect('admin', admin_password, 'admin', auth_url)
identity = conn.identity


def role(name):
    return identity.find_role(name) or identity.create_role(name=name)


def project(name):
    return identity.find_project(name, domain_id='default') or identity.create_project(name=name, domain_id='default')


def user(name, on_project, role_name):
    found = identity.find_user(name, domain_id='default') or identity.create_user(
        name=name, password=password, domain_id='default', default_project_id=on_project.id)
    identity.assign_project_role_to_user(on_project, found, role(role_name))
    return found


a, b, service = project('glint-a'), project('glint-b'), project('service')
user('admin-a', a, 'admin')
user('member-a', a, 'member')
user('reader-a', a, 'reader')
user('member-b', b, 'member')
user('reader-b', b, 'reader')
user('glint', service, 'service')

image = identity.find_service('glance') or identity.create_service(name='glance', type='image',
                                                                    description='Glint image service')
for interface in ('public', 'internal', 'admin'):
    identity.create_endpoint(service_id=image.id, interface=interface, url=glint_url, region_id='RegionOne')
if len(sys.argv) > 5:
    if not any(region.id == 'RegionTwo' for region in identity.regions()):
        identity.create_region(id='RegionTwo')
    identity.create_endpoint(service_id=image.id, interface='public', url=sys.argv[5], region_id='RegionTwo')
print('keystone ready: projects', a.id, b.id)
