/**
 * CDK entry point: `npm run synth` (offline, no credentials) or `npx cdk deploy --all -c stage=prod`.
 */
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app.js';

buildApp(new App());
