import h5py, numpy as np, sys, time
n=int(sys.argv[1])
rng=np.random.default_rng(1)
p=np.zeros((n,19,4),np.float32)
p[:,0,0]=rng.exponential(30,n); p[:,0,2]=rng.uniform(-3.14,3.14,n); p[:,0,3]=1
p[:,9,0]=rng.exponential(50,n)+30; p[:,9,1]=rng.normal(0,1.5,n); p[:,9,2]=rng.uniform(-3.14,3.14,n); p[:,9,3]=4
with h5py.File(sys.argv[2],'w') as f:
    f.create_dataset('Particles',data=p,chunks=(1,19,4),compression='gzip',compression_opts=4)
