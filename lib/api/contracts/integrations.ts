// The integrations as an API for automation: system settings (secrets write-only), webhook endpoints
// (the signing secret in the create and rotate responses only), a product's own destinations, send test.
import 'server-only';
import { z } from 'zod';
import { productDestinationsPatch, productDestinationsView } from '../../integrations/product-destinations';
import { sendTestInput, sendTestOutcome } from '../../integrations/send-test';
import { systemSettingsPatch, systemSettingsView } from '../../integrations/system-settings';
import {
  webhookEndpointCreate,
  webhookEndpointPatch,
  webhookEndpointView,
  webhookEndpointWithSecret,
} from '../../integrations/webhook-endpoints';
import { defineEndpoint } from '../endpoint';
import { idParams } from '../query';
import { named } from '../registry';
import { deleteEndpoint, listEndpoint, readEndpoint, updateEndpoint } from './resource';

const settings = named('SystemSettings', systemSettingsView);
const webhooks = {
  path: '/api/v2/webhooks',
  tag: 'integrations',
  noun: 'webhook endpoint',
  view: named('WebhookEndpoint', webhookEndpointView),
};
const withSecret = named('WebhookEndpointWithSecret', webhookEndpointWithSecret);
const destinations = named('ProductDestinations', productDestinationsView);

export const integrationEndpoints = {
  systemSettings: {
    read: defineEndpoint({
      method: 'get',
      path: '/api/v2/system_settings',
      tag: 'integrations',
      response: settings,
      summary: 'Read the integration settings; secrets only as whether they are set (superusers only)',
    }),
    patch: defineEndpoint({
      method: 'patch',
      path: '/api/v2/system_settings',
      tag: 'integrations',
      response: settings,
      body: named('SystemSettingsPatch', systemSettingsPatch),
      summary: 'Change the integration settings given; an omitted or empty secret is kept, null clears it (superusers only)',
    }),
    test: defineEndpoint({
      method: 'post',
      path: '/api/v2/system_settings/test',
      tag: 'integrations',
      body: named('SendTest', sendTestInput),
      response: named('SendTestOutcome', sendTestOutcome),
      summary: 'Send a test message through an integration and answer the outcome (superusers only)',
    }),
  },
  webhooks: {
    list: listEndpoint(webhooks, z.object({})),
    create: defineEndpoint({
      method: 'post',
      path: '/api/v2/webhooks',
      tag: 'integrations',
      status: 201,
      body: named('WebhookEndpointCreate', webhookEndpointCreate),
      response: withSecret,
      summary: 'Create a webhook endpoint; its signing secret is in this response only (superusers only)',
    }),
    read: readEndpoint(webhooks),
    update: updateEndpoint(webhooks, named('WebhookEndpointUpdate', webhookEndpointPatch)),
    remove: deleteEndpoint(webhooks),
    rotate: defineEndpoint({
      method: 'post',
      path: '/api/v2/webhooks/{id}/rotate_secret',
      tag: 'integrations',
      params: idParams,
      response: withSecret,
      summary: 'Replace the signing secret; the new one is in this response only (superusers only)',
    }),
  },
  destinations: {
    read: defineEndpoint({
      method: 'get',
      path: '/api/v2/products/{id}/destinations',
      tag: 'integrations',
      params: idParams,
      response: destinations,
      summary: "Read a product's own shared destinations (its Owners, Maintainers and superusers)",
    }),
    patch: defineEndpoint({
      method: 'patch',
      path: '/api/v2/products/{id}/destinations',
      tag: 'integrations',
      params: idParams,
      response: destinations,
      body: named('ProductDestinationsPatch', productDestinationsPatch),
      summary: "Change a product's own destinations; they replace the system-wide ones for its events",
    }),
  },
};
