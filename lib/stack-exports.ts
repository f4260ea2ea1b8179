import { CfnOutput, Fn, type Stack } from 'aws-cdk-lib';

/**
 * Stacks hand values to each other through exports with stable, explicit names instead of CDK's
 * generated ones. Generated export names change when a construct moves, which blocks deployment
 * ("export in use"); explicit names also make the cdk-nag finding ids for grants on imported ARNs
 * predictable (see nag.ts).
 */
export const exportName = (producer: Stack, key: string): string => `${producer.stackName}:${key}`;

export function publish(producer: Stack, key: string, value: string): void {
  new CfnOutput(producer, key, { value, exportName: exportName(producer, key) });
}

export const importFrom = (producer: Stack, key: string): string => Fn.importValue(exportName(producer, key));
