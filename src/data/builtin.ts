// The datasets wasmlp ships in data/ (see data/README.md), with the feature names their files lack.

const CANCER_MEASURES = [
  'radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension',
];

/** Built-in dataset names, their files in data/, and their feature names. */
export const BUILTIN_DATASETS: Record<string, { file: string; featureNames?: string[] }> = {
  'breast-cancer': {
    file: 'breast_cancer.csv',
    featureNames: [
      ...CANCER_MEASURES.map((m) => `mean ${m}`), ...CANCER_MEASURES.map((m) => `${m} error`), ...CANCER_MEASURES.map((m) => `worst ${m}`),
    ],
  },
  iris: { file: 'iris.csv', featureNames: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'] },
  wine: {
    file: 'wine_data.csv',
    featureNames: [
      'alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
      'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline',
    ],
  },
  digits: { file: 'digits.csv.gz', featureNames: Array.from({ length: 64 }, (_, i) => `pixel ${Math.floor(i / 8)},${i % 8}`) },
};
