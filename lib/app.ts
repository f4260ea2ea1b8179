import { App } from 'aws-cdk-lib';
import { buildApp } from './cms-app.ts';

buildApp(new App());
